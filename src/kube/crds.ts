// CRDs: installs them with server-side apply and waits until served, or checks the installed ones can serve us.
import { AbortError } from '../common/errors.js';
import { isPlainObject, type KubeObject } from '../model/kube-object.js';
import { isNotFound } from './api-error.js';
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

/**
 * Why a live CRD cannot stand in for the one we ship: absent, not Established, not serving our
 * version, or lacking a subresource we write through. Empty when it is usable.
 */
export function crdProblems(expected: KubeObject, live: KubeObject | undefined): string[] {
  const name = expected.metadata.name ?? '?';
  if (!live) return [`${name} is not installed`];
  const problems: string[] = [];
  const state = crdState(live);
  if (state !== 'established') problems.push(`${name} is not Established (${state})`);
  const liveVersions = crdVersions(live);
  for (const [version, wanted] of crdVersions(expected)) {
    const have = liveVersions.get(version);
    if (!have?.served) {
      problems.push(`${name} does not serve ${version}`);
      continue;
    }
    if (wanted.status && !have.status)
      problems.push(`${name} ${version} has no status subresource (Argo CD's Application CRD does not)`);
  }
  return problems;
}

function crdVersions(crd: KubeObject): Map<string, { served: boolean; status: boolean }> {
  const spec = crd.spec;
  const versions = isPlainObject(spec) && Array.isArray(spec.versions) ? spec.versions : [];
  const out = new Map<string, { served: boolean; status: boolean }>();
  for (const v of versions) {
    if (!isPlainObject(v) || typeof v.name !== 'string') continue;
    const sub = v.subresources;
    out.set(v.name, { served: v.served === true, status: isPlainObject(sub) && sub.status !== undefined });
  }
  return out;
}

/** Fails with what to run when the cluster's CRDs cannot serve Driftless (see crdProblems). */
export async function checkCrds(client: KubeClient, crds: readonly KubeObject[]): Promise<void> {
  const problems: string[] = [];
  for (const crd of crds) {
    const live = await client.get(CRD_RESOURCE, crd.metadata.name ?? '').catch((e: unknown) => {
      if (isNotFound(e)) return undefined;
      throw e;
    });
    problems.push(...crdProblems(crd, live));
  }
  if (problems.length === 0) return;
  throw new AbortError(`the argoproj.io CRDs in the cluster cannot serve Driftless: ${problems.join('; ')}`, {
    hint:
      'apply the CRDs of the install manifests (kubectl apply --server-side -f deploy/crds/), ' +
      'or start the server once with --install-crds',
  });
}
