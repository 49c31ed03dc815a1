// What an application write may change: spec, labels, annotations and finalizers, as in Argo CD.
// Anything else in a PUT or PATCH (operation, status, other metadata) is refused, not applied.
import type { Application } from '../model/index.js';
import { badRequest } from './http-error.js';

const WRITABLE_META = new Set(['labels', 'annotations', 'finalizers']);
/** Metadata the API server maintains itself; a dry run may change it. */
const SERVER_META = new Set(['resourceVersion', 'generation', 'managedFields', 'creationTimestamp', 'uid']);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields of `next` outside spec/labels/annotations/finalizers that differ from `live`. */
export function changedOutsideSpec(live: Application, next: Application): string[] {
  const out: string[] = [];
  const keys = new Set([...Object.keys(live), ...Object.keys(next)]);
  for (const k of keys) {
    if (k === 'spec' || k === 'metadata' || k === 'status') continue;
    if (!same((live as Record<string, unknown>)[k], (next as Record<string, unknown>)[k])) out.push(k);
  }
  const lm = live.metadata as Record<string, unknown>;
  const nm = next.metadata as Record<string, unknown>;
  for (const k of new Set([...Object.keys(lm), ...Object.keys(nm)])) {
    if (WRITABLE_META.has(k) || SERVER_META.has(k)) continue;
    if (!same(lm[k], nm[k])) out.push(`metadata.${k}`);
  }
  return out;
}

/** Refuses a write whose result changes more than an update may. */
export function assertSpecOnly(live: Application, next: Application): void {
  const changed = changedOutsideSpec(live, next);
  if (changed.length === 0) return;
  throw badRequest(
    `an application update may change only spec, metadata.labels, metadata.annotations and metadata.finalizers; it also changes ${changed.join(', ')}`,
    changed.includes('operation')
      ? 'start a sync with POST /api/v1/applications/{name}/sync (or rollback), which records who started it'
      : 'leave those fields out of the request',
  );
}

/** The live object with the request's spec, labels, annotations and finalizers (status, operation and identity kept). */
export function withSpec(live: Application, app: Application): Application {
  const meta = { ...live.metadata };
  for (const k of ['labels', 'annotations', 'finalizers'] as const) {
    const v = app.metadata[k];
    if (v === undefined) delete meta[k];
    else meta[k] = v as never;
  }
  if (app.metadata.finalizers === undefined && live.metadata.finalizers)
    meta.finalizers = live.metadata.finalizers;
  return { ...live, spec: app.spec, metadata: meta };
}
