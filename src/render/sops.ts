// SOPS at render time: the encrypted files a render reads are decrypted by the real `sops`, in the
// sandbox, into a private copy of the checkout that lives only as long as the render; Secrets made
// only of decrypted values are marked for the guardrails. Keys go to sops in a 0700 folder, per run.
import { chmod, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ANNOTATION_SOPS_DECRYPTED } from '../model/index.js';
import { RenderError } from './errors.js';
import type { SourcedObject } from './parse-manifests.js';
import { runTool } from './run-tool.js';
import { scanKustomization } from './kustomize-scan.js';
import { scratchCopy } from './scratch-copy.js';
import { ageRecipients, findSopsFiles, type SopsFile, type SopsScope } from './sops-scan.js';
import type { RenderContext, SourceType } from './types.js';

const KEYS_HINT =
  'add the age key to a Secret in the control namespace labelled driftless.io/secret-type=sops-age ' +
  '(an entry ending in .agekey), or re-encrypt the file for a recipient whose key is there';

export interface Decrypted {
  /** The render context on the private copy in which the files are decrypted. */
  ctx: RenderContext;
  /** Every value that came out of a decrypted file (kept in memory for this render only). */
  values: Set<string>;
}

/** What the render of this source type reads: the source path, kustomization folders, Helm value files. */
async function scopeOf(ctx: RenderContext, sourceType: SourceType): Promise<SopsScope> {
  const folders = new Set<string>();
  if (sourceType === 'Kustomize')
    await scanKustomization(ctx.repoRoot, ctx.appDir, { allowRemoteBases: true }, folders);
  const appRel = relative(ctx.repoRoot, ctx.appDir);
  const files = sourceType === 'Helm' ? (ctx.source.helm?.valueFiles ?? []).map((f) => join(appRel, f)) : [];
  return { trees: [ctx.appDir], folders: [...folders], files };
}

/** Leaf strings of a decrypted YAML/JSON document, `KEY=value` values of a dotenv file, and the whole text. */
export function decryptedValues(text: string): string[] {
  const out = [text, text.trim()];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  try {
    for (const doc of parseAllDocuments(text, { logLevel: 'silent' }))
      if (!Array.isArray(doc)) visit(doc.toJS({ maxAliasCount: 100 }));
  } catch {
    // Not YAML: dotenv or binary; the lines below and the whole text cover those.
  }
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?[\w.-]+\s*=(.*)$/.exec(line);
    if (m?.[1] !== undefined) out.push(m[1].trim());
  }
  return out.filter((v) => v !== '');
}

/** Runs `sops decrypt` on one file of the checkout, writing the plaintext to `out` (never to stdout). */
async function decryptOne(ctx: RenderContext, file: SopsFile, out: string, keyFile: string) {
  const recipients = ageRecipients(file.text);
  const forWhom = recipients.length ? ` (age recipients: ${recipients.join(', ')})` : '';
  await unlink(out).catch(() => undefined);
  await runTool(ctx, 'sops', ['decrypt', '--output', out, join(ctx.repoRoot, file.rel)], {
    cwd: ctx.repoRoot,
    env: { SOPS_AGE_KEY_FILE: keyFile },
    reason: 'DecryptFailed',
    hint: KEYS_HINT,
    describe: (msg) =>
      /master key|data key/i.test(msg)
        ? `cannot decrypt this SOPS file: none of the configured age keys opens it${forWhom}`
        : `cannot decrypt this SOPS file${forWhom}: ${msg}`,
  }).catch((e: unknown) => {
    // The message names the file as the repository has it, not the private copy.
    if (e instanceof RenderError)
      throw new RenderError(e.summary, { reason: e.reason, tool: 'sops', file: file.rel, hint: KEYS_HINT });
    throw e;
  });
}

/**
 * Decrypts the SOPS files the render reads into a private copy of the checkout; undefined (and no
 * copy) when there are none. A file that cannot be decrypted fails the render, naming it.
 */
export async function decryptSops(
  ctx: RenderContext,
  sourceType: SourceType,
  ageKeys: string,
): Promise<Decrypted | undefined> {
  const files = await findSopsFiles(ctx.repoRoot, await scopeOf(ctx, sourceType));
  if (files.length === 0) return undefined;
  if (!ageKeys.trim()) {
    const first = files[0] as SopsFile;
    const recipients = ageRecipients(first.text);
    throw new RenderError(
      `${first.rel} is encrypted with SOPS${recipients.length ? ` for ${recipients.join(', ')}` : ''}, but no age key is configured`,
      { reason: 'DecryptFailed', tool: 'sops', file: first.rel, hint: KEYS_HINT },
    );
  }
  const rels = new Set(files.map((f) => f.rel));
  const root = join(ctx.workDir, 'decrypted');
  await scratchCopy(ctx.repoRoot, root, { writable: (rel) => rels.has(rel) });
  const keyDir = await mkdtemp(join(ctx.workDir, 'keys-'));
  try {
    await chmod(keyDir, 0o700);
    const keyFile = join(keyDir, 'age.txt');
    await writeFile(keyFile, `${ageKeys}\n`, { mode: 0o600 });
    for (const f of files) await decryptOne(ctx, f, join(root, f.rel), keyFile);
  } finally {
    await rm(keyDir, { recursive: true, force: true });
  }
  const values = new Set<string>();
  for (const f of files)
    for (const v of decryptedValues(await readFile(join(root, f.rel), 'utf8'))) values.add(v);
  const appDir = join(root, relative(ctx.repoRoot, ctx.appDir));
  return { ctx: { ...ctx, repoRoot: root, appDir }, values };
}

function secretValues(obj: Record<string, unknown>): { raw: string[]; decoded: string[] } {
  const data = obj['data'] && typeof obj['data'] === 'object' ? (obj['data'] as Record<string, unknown>) : {};
  const string =
    obj['stringData'] && typeof obj['stringData'] === 'object'
      ? (obj['stringData'] as Record<string, unknown>)
      : {};
  const raw = Object.values(data).map(String);
  return {
    raw,
    decoded: [
      ...raw.map((v) => Buffer.from(v, 'base64').toString('utf8')),
      ...Object.values(string).map(String),
    ],
  };
}

/**
 * Marks the Secrets whose every value came out of a decrypted file (directly, through a generator or
 * a chart template): encrypted in Git, so the plaintext-Secret guardrail lets them through.
 */
export function markDecryptedSecrets(objects: readonly SourcedObject[], values: ReadonlySet<string>): void {
  for (const { object } of objects) {
    if (object.kind !== 'Secret' || object.apiVersion !== 'v1') continue;
    // The mark is ours alone: one written in Git would let a plaintext Secret past the guardrail.
    const { [ANNOTATION_SOPS_DECRYPTED]: _forged, ...annotations } = object.metadata.annotations ?? {};
    if (_forged !== undefined) object.metadata.annotations = annotations;
    const { raw, decoded } = secretValues(object);
    const stringData = decoded.slice(raw.length);
    if (raw.length + stringData.length === 0) continue;
    const fromSops =
      raw.every((v, i) => values.has(v) || values.has(decoded[i] ?? '')) &&
      stringData.every((v) => values.has(v));
    if (!fromSops) continue;
    object.metadata.annotations = { ...object.metadata.annotations, [ANNOTATION_SOPS_DECRYPTED]: 'true' };
  }
}
