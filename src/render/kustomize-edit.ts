// An Application's kustomize options applied as Argo CD applies them: `kustomize edit` commands run
// in the app's folder (so namePrefix replaces the kustomization's own prefix instead of adding a
// layer), patches appended to the kustomization's `patches`, then components added — in its order.
import { access, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { GoYamlError, parseGoYamlDocuments } from '../common/go-yaml.js';
import { isPlainObject, type KustomizePatch, type KustomizeSource } from '../model/index.js';
import { KUSTOMIZATION_FILES } from './detect.js';
import { envsubst } from './envsubst.js';
import { RenderError } from './errors.js';
import { resolveInside } from './safe-path.js';

export type KustomizeEditStep = { edit: string[] } | { patches: KustomizePatch[] } | { components: string[] };

function replicaCount(r: { name: string; count: number | string }): number {
  const n = typeof r.count === 'number' ? r.count : Number(r.count.trim());
  if (!Number.isInteger(n) || (typeof r.count === 'string' && !/^[-+]?\d+$/.test(r.count.trim())))
    throw new RenderError(`kustomize.replicas: expected integer value for count. Received: ${r.count}`, {
      reason: 'InvalidManifest',
      tool: 'kustomize',
      hint: 'set replicas[].count to a whole number',
    });
  return n;
}

const pairs = (m: Record<string, string>) => Object.entries(m).map(([k, v]) => `${k}:${v}`);
const substituted = (m: Record<string, string>, env: Record<string, string>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, envsubst(v, env)]));

/** What Argo CD does to the kustomization for these options, in its order (pure). */
export function kustomizeEditSteps(k: KustomizeSource, env: Record<string, string>): KustomizeEditStep[] {
  const steps: KustomizeEditStep[] = [];
  if (k.namePrefix) steps.push({ edit: ['set', 'nameprefix', '--', k.namePrefix] });
  if (k.nameSuffix) steps.push({ edit: ['set', 'namesuffix', '--', k.nameSuffix] });
  if (k.images?.length) steps.push({ edit: ['set', 'image', ...k.images.map((i) => envsubst(i, env))] });
  if (k.replicas?.length)
    steps.push({ edit: ['set', 'replicas', ...k.replicas.map((r) => `${r.name}=${replicaCount(r)}`)] });
  const labels = k.commonLabels ?? {};
  if (Object.keys(labels).length) {
    const flags = [
      ...(k.forceCommonLabels ? ['--force'] : []),
      ...(k.labelWithoutSelector ? ['--without-selector'] : []),
      ...(k.labelIncludeTemplates ? ['--include-templates'] : []),
    ];
    steps.push({ edit: ['add', 'label', ...flags, ...pairs(substituted(labels, env))] });
  }
  const annotations = k.commonAnnotations ?? {};
  if (Object.keys(annotations).length) {
    const values = k.commonAnnotationsEnvsubst ? substituted(annotations, env) : annotations;
    steps.push({
      edit: ['add', 'annotation', ...(k.forceCommonAnnotations ? ['--force'] : []), ...pairs(values)],
    });
  }
  if (k.namespace) steps.push({ edit: ['set', 'namespace', '--', k.namespace] });
  if (k.patches?.length) steps.push({ patches: k.patches });
  if (k.components?.length) steps.push({ components: k.components });
  return steps;
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

async function kustomizationFile(dir: string): Promise<string> {
  for (const name of KUSTOMIZATION_FILES) if (await exists(join(dir, name))) return join(dir, name);
  throw new RenderError('kustomization file not found in the path', {
    reason: 'PathNotFound',
    tool: 'kustomize',
    hint: 'kustomize options need a kustomization.yaml in spec.source.path',
  });
}

/** Appends the Application's patches to the kustomization's `patches` (there is no `kustomize edit` for it). */
export async function appendPatches(
  repoRoot: string,
  appDir: string,
  patches: readonly KustomizePatch[],
): Promise<void> {
  const file = await kustomizationFile(appDir);
  const rel = relative(repoRoot, file);
  let doc: unknown;
  try {
    doc = parseGoYamlDocuments(await readFile(file, 'utf8'))[0]?.value ?? {};
  } catch (e) {
    if (!(e instanceof GoYamlError)) throw e;
    throw new RenderError(`YAML syntax error: ${e.reason}`, {
      reason: 'InvalidManifest',
      tool: 'kustomize',
      file: rel,
      line: e.line,
    });
  }
  if (!isPlainObject(doc) || (doc['patches'] !== undefined && !Array.isArray(doc['patches'])))
    throw new RenderError("expected 'patches' field in the kustomization to be a list", {
      reason: 'InvalidManifest',
      tool: 'kustomize',
      file: rel,
    });
  const existing = (doc['patches'] as unknown[] | undefined) ?? [];
  for (const p of patches) {
    // kustomize reads a patch file itself; it must still be inside the repository.
    if (p.path)
      await resolveInside(repoRoot, join(relative(repoRoot, appDir), p.path), {
        what: 'kustomize patch',
        tool: 'kustomize',
      });
  }
  doc['patches'] = [...existing, ...patches];
  await writeFile(file, stringify(doc));
}

/** The components to add: with ignoreMissingComponents, only those that exist. */
export async function componentsToAdd(appDir: string, k: KustomizeSource): Promise<string[]> {
  const all = k.components ?? [];
  if (!k.ignoreMissingComponents) return all;
  const found: string[] = [];
  for (const c of all) if (await exists(join(appDir, c))) found.push(c);
  return found;
}
