// Installs CRDs with server-side apply and waits, by watching, until the API server serves them.
import { AbortError } from '../common/errors.js';
import { isPlainObject, type KubeObject } from '../model/kube-object.js';
import type { ApiResource } from './api-resource.js';
import type { KubeClient } from './client.js';
import type { Discovery } from './discovery.js';

export const CRD_RESOURCE: ApiResource = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  resource: 'customresourcedefinitions',
  namespaced: false,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: ['status'],
};

export interface EnsureCrdsOptions {
  fieldManager?: string;
  /** Take over fields another manager owns (a CRD first installed by kubectl or Argo CD). Default true. */
  force?: boolean;
  /** Deadline for all CRDs to become Established. Default 60 s. */
  timeoutMs?: number;
  /** Invalidated once the CRDs are established, so lookups of the new kinds succeed. */
  discovery?: Discovery;
}

/** Applies the CRDs and resolves with their live objects once every one is Established. */
export async function ensureCrds(
  client: KubeClient,
  crds: readonly KubeObject[],
  opts: EnsureCrdsOptions = {},
): Promise<KubeObject[]> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  const applied: KubeObject[] = [];
  for (const crd of crds) {
    if (crd.kind !== 'CustomResourceDefinition') {
      throw new AbortError(
        `ensureCrds was given a ${crd.kind} (${crd.metadata.name ?? '?'}), not a CustomResourceDefinition`,
      );
    }
    applied.push(
      await client.apply(CRD_RESOURCE, crd, {
        fieldManager: opts.fieldManager ?? 'driftless',
        force: opts.force ?? true,
      }),
    );
  }
  const live = await Promise.all(applied.map((crd) => waitEstablished(client, crd, deadline)));
  opts.discovery?.invalidate();
  return live;
}

/** Waits for the Established condition; fails fast when the names were rejected. */
export async function waitEstablished(
  client: KubeClient,
  crd: KubeObject,
  deadline: number,
): Promise<KubeObject> {
  const name = crd.metadata.name ?? '';
  let current = crd;
  while (Date.now() < deadline) {
    const state = crdState(current);
    if (state === 'established') return current;
    if (state !== 'pending') {
      throw new AbortError(`CRD ${name} was not accepted: ${state}`, {
        hint: 'fix the CRD names and apply again',
      });
    }
    const remainingS = Math.max(1, Math.ceil((deadline - Date.now()) / 1000));
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), deadline - Date.now());
    try {
      // Watch this one CRD from the version we last saw: every status change arrives as an event.
      for await (const ev of client.watch(CRD_RESOURCE, {
        fieldSelector: `metadata.name=${name}`,
        resourceVersion: current.metadata.resourceVersion,
        timeoutSeconds: remainingS,
        signal: abort.signal,
      })) {
        if (ev.type === 'DELETED') throw new AbortError(`CRD ${name} was deleted while waiting for it`);
        current = ev.object;
        if (crdState(current) !== 'pending') break;
      }
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
    if (crdState(current) === 'pending') current = await client.get(CRD_RESOURCE, name);
  }
  if (crdState(current) === 'established') return current;
  throw new AbortError(`CRD ${name} was not Established before the deadline`, {
    hint: 'check the API server logs; a CRD usually establishes within seconds',
  });
}

/** `established`, `pending`, or the NamesAccepted=False message. */
export function crdState(crd: KubeObject): string {
  const status = crd.status;
  const conditions = isPlainObject(status) && Array.isArray(status.conditions) ? status.conditions : [];
  const cond = (type: string): Record<string, unknown> | undefined =>
    conditions.find((c): c is Record<string, unknown> => isPlainObject(c) && c.type === type);
  if (cond('Established')?.status === 'True') return 'established';
  const names = cond('NamesAccepted');
  if (names?.status === 'False') return `NamesAccepted=False: ${String(names.message ?? names.reason ?? '')}`;
  return 'pending';
}
