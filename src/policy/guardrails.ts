// Guardrails a protected AppProject opts into: no plaintext Secrets from Git, no images by mutable reference.
import type { AppProject, KubeObject } from '../model/index.js';
import { ANNOTATION_SOPS_DECRYPTED, isPlainObject } from '../model/index.js';

/** The AppProject annotation that turns guardrails on: a comma-separated list of their names. */
export const ANNOTATION_GUARDRAILS = 'driftless.io/guardrails';

export const GUARDRAILS = ['plaintext-secrets', 'mutable-images'] as const;
export type Guardrail = (typeof GUARDRAILS)[number];

/** Tags that name a moving target by convention: an image under one of them changes without Git changing. */
const MUTABLE_TAGS = new Set([
  'latest',
  'main',
  'master',
  'develop',
  'dev',
  'edge',
  'nightly',
  'stable',
  'head',
  'trunk',
  'snapshot',
]);

export interface ProjectGuardrails {
  enabled: ReadonlySet<Guardrail>;
  /** Names in the annotation we do not know: refused rather than ignored, so a typo never turns a check off. */
  unknown: readonly string[];
}

export function projectGuardrails(project: AppProject | undefined): ProjectGuardrails {
  const raw = project?.metadata.annotations?.[ANNOTATION_GUARDRAILS] ?? '';
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = new Set<string>(GUARDRAILS);
  return {
    enabled: new Set(names.filter((n): n is Guardrail => known.has(n))),
    unknown: names.filter((n) => !known.has(n)),
  };
}

/** Why an image reference is mutable (no tag and no digest, or a moving tag), or undefined when pinned enough. */
export function mutableImageReason(image: string): string | undefined {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return 'has no tag or digest (means :latest)';
  const tag = image.slice(colon + 1);
  return MUTABLE_TAGS.has(tag.toLowerCase())
    ? `uses the moving tag "${tag}"; pin a version tag or a digest`
    : undefined;
}

/** Every container image in an object: pod specs anywhere (workloads, CronJobs, Rollouts, Workflow templates). */
export function imagesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) imagesIn(v, out);
  else if (isPlainObject(value))
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'containers' || k === 'initContainers' || k === 'ephemeralContainers') && Array.isArray(v))
        for (const c of v) if (isPlainObject(c) && typeof c['image'] === 'string') out.push(c['image']);
      imagesIn(v, out);
    }
  return out;
}

function describeObject(obj: KubeObject): string {
  const ns = obj.metadata.namespace ? `${obj.metadata.namespace}/` : '';
  return `${obj.kind} ${ns}${obj.metadata.name ?? ''}`;
}

/**
 * What the project's guardrails refuse in one desired object, as messages naming it; empty when allowed.
 * A Secret with data from Git is refused unless the renderer decrypted it from SOPS; SealedSecret and
 * ExternalSecret objects are other kinds and pass.
 */
export function guardrailViolations(g: ProjectGuardrails, obj: KubeObject): string[] {
  const out: string[] = g.unknown.map(
    (n) => `unknown guardrail "${n}" in ${ANNOTATION_GUARDRAILS} (known: ${GUARDRAILS.join(', ')})`,
  );
  if (g.enabled.has('plaintext-secrets') && obj.kind === 'Secret' && obj.apiVersion === 'v1') {
    const body = obj as { data?: unknown; stringData?: unknown };
    const hasValues = [body.data, body.stringData].some((d) => isPlainObject(d) && Object.keys(d).length > 0);
    if (hasValues && obj.metadata.annotations?.[ANNOTATION_SOPS_DECRYPTED] !== 'true')
      out.push(
        `${describeObject(obj)} is a plaintext Secret from Git: use a SealedSecret, an ExternalSecret or SOPS`,
      );
  }
  if (g.enabled.has('mutable-images'))
    for (const image of new Set(imagesIn(obj))) {
      const why = mutableImageReason(image);
      if (why) out.push(`${describeObject(obj)}: image ${image} ${why}`);
    }
  return out;
}
