// Promotion between environments in one repository: the image references of the source overlay's
// kustomization that differ in the target (each pinned by digest: a tag is written as tag@digest when
// the registry resolves it) and chosen Helm values keys, written as one commit whose message lists what moved.
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { exec } from '../common/exec.js';
import { isPlainObject } from '../model/index.js';
import { applyImage } from './apply-image.js';
import { findKustomization } from './edit-kustomization.js';
import { keyPath, setHelmValues, type HelmScalar } from './edit-helm-values.js';
import { ImageError } from './errors.js';
import { formatImageRef, parseImageRef, type ImageRef } from './image-ref.js';

export interface PromoteEdit {
  /** Repository-relative folders of the source and target environments. */
  from: string;
  to: string;
  /** Helm values keys (dotted) copied from `<from>/values.yaml` to `<to>/values.yaml`. */
  values: readonly string[];
  /** The registry's digest of a tag (throws an ImageError when the registry does not know it). */
  resolveDigest?: ((image: ImageRef) => Promise<string>) | undefined;
}

export interface PromotedImage {
  /** The name the kustomization's resources use. */
  name: string;
  from: string | undefined;
  to: string;
}

export interface Promotion {
  images: PromotedImage[];
  values: { key: string; from: unknown; to: HelmScalar }[];
  /** The commit the source environment was read at. */
  sourceRevision: string;
}

interface KustomizeImage {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** A repository-relative folder that stays inside the tree. */
export function cleanRepoPath(p: string): string {
  const n = posix.normalize(`/${p}`).replace(/^\/+|\/+$/g, '');
  if (n.split('/').includes('..') || n === '')
    throw new ImageError(`"${p}" is not a folder inside the repository`, {
      reason: 'NotFound',
      hint: 'name the overlay folder relative to the repository root, e.g. apps/web/overlays/production',
    });
  return n;
}

async function kustomizeImages(dir: string, what: string): Promise<KustomizeImage[]> {
  const file = await findKustomization(dir);
  if (!file)
    throw new ImageError(`the ${what} environment has no kustomization.yaml`, {
      reason: 'NotFound',
      hint: 'promotion copies the images of Kustomize overlays: name the overlay folders',
    });
  const doc: unknown = parse(await readFile(file, 'utf8'));
  const images = isPlainObject(doc) ? doc.images : undefined;
  return Array.isArray(images)
    ? images.filter((i): i is KustomizeImage => isPlainObject(i) && typeof i.name === 'string')
    : [];
}

function refOf(i: KustomizeImage): ImageRef {
  const base = parseImageRef(i.newName ?? i.name);
  return { ...base, ...(i.newTag ? { tag: i.newTag } : {}), ...(i.digest ? { digest: i.digest } : {}) };
}

async function readValue(file: string, key: string): Promise<unknown> {
  const doc: unknown = parse(await readFile(file, 'utf8').catch(() => ''));
  let v: unknown = doc;
  for (const k of keyPath(key)) v = isPlainObject(v) ? v[k] : undefined;
  return v;
}

/** The digest a tag-only reference names in its registry; refused when there is no registry or no such tag. */
async function pinned(name: string, ref: ImageRef, req: PromoteEdit): Promise<string> {
  const what = `${name} is ${formatImageRef(ref)} in ${req.from}`;
  const hint = `pin it by digest in ${req.from} (kustomize edit set image ${name}=${ref.name}@sha256:…), then promote again`;
  if (!req.resolveDigest)
    throw new ImageError(
      `${what}: a mutable reference that cannot be resolved to a digest, so it is not promoted`,
      {
        reason: 'NotFound',
        hint,
      },
    );
  try {
    return await req.resolveDigest(ref);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ImageError(
      `${what}: a mutable reference that cannot be resolved to a digest (${why}), so it is not promoted`,
      {
        reason: e instanceof ImageError ? e.reason : 'RegistryError',
        hint:
          e instanceof ImageError && e.reason === 'NotFound'
            ? `push ${formatImageRef(ref)} to its registry, or ${hint}`
            : `${e instanceof ImageError && e.hint ? `${e.hint}; or ` : ''}${hint}`,
        cause: e,
      },
    );
  }
}

/** Applies the promotion to a checkout at `tree` (a Git write's edit); returns what moved. */
export async function promoteInTree(tree: string, req: PromoteEdit): Promise<Promotion> {
  const fromDir = join(tree, cleanRepoPath(req.from));
  const toDir = join(tree, cleanRepoPath(req.to));
  const head = await exec('git', ['rev-parse', 'HEAD'], { cwd: tree, timeoutMs: 30_000 });
  const out: Promotion = { images: [], values: [], sourceRevision: head.stdout.trim() };
  const target = await kustomizeImages(toDir, 'target');
  for (const img of await kustomizeImages(fromDir, 'source')) {
    let ref = refOf(img);
    if (!ref.digest) ref = { ...ref, digest: await pinned(img.name, ref, req) };
    const current = target.find((t) => t.name === img.name);
    const now = current ? formatImageRef(refOf(current)) : undefined;
    const next = formatImageRef(ref);
    if (now === next) continue;
    await applyImage({ kind: 'kustomization', dir: toDir, name: img.name }, ref);
    out.images.push({ name: img.name, from: now, to: next });
  }
  for (const key of req.values) {
    const value = await readValue(join(fromDir, 'values.yaml'), key);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      throw new ImageError(`${req.from}/values.yaml has no single value at ${key}`, {
        reason: 'NotFound',
        hint: 'name a key that holds a string, number or boolean (e.g. replicaCount)',
      });
    const before = await readValue(join(toDir, 'values.yaml'), key);
    if (before === value) continue;
    // The source's YAML type is kept: replicaCount: 3 stays a number, "3" a string.
    await setHelmValues(join(toDir, 'values.yaml'), { [key]: value });
    out.values.push({ key, from: before, to: value });
  }
  return out;
}

/** The commit message: what moved, from which revision, with digests. */
export function promotionMessage(from: string, to: string, p: Promotion, user: string): string {
  const lines = [`Promote ${from} to ${to}`, '', `Source: ${from} at ${p.sourceRevision}`, ''];
  for (const i of p.images) lines.push(`- image ${i.name}: ${i.from ?? '(unset)'} -> ${i.to}`);
  for (const v of p.values)
    lines.push(`- value ${v.key}: ${JSON.stringify(v.from ?? null)} -> ${JSON.stringify(v.to)}`);
  lines.push('', `Requested-by: ${user} (driftless promote)`);
  return lines.join('\n');
}
