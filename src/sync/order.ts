// Ordering tasks: phase, wave, kind (Helm's install order), name; prunes in reverse; grouping into waves.
import { isPlainObject } from '../model/index.js';
import type { SyncPhase, SyncTask, SyncWave } from './plan-types.js';

/** Helm's install order, which Argo CD uses within one wave; kinds not listed go last. */
export const KIND_ORDER: readonly string[] = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

export const PHASE_ORDER: readonly SyncPhase[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail', 'PostDelete'];

const KIND_RANK = new Map(KIND_ORDER.map((k, i) => [k, i] as const));
const CRD_RANK = KIND_RANK.get('CustomResourceDefinition') ?? 0;

export function kindRank(kind: string): number {
  return KIND_RANK.get(kind) ?? KIND_ORDER.length;
}

export function crdTarget(task: SyncTask): string | undefined {
  const obj = task.desired;
  if (task.resource.kind !== 'CustomResourceDefinition' || obj === undefined) return undefined;
  const spec = obj['spec'];
  const names = isPlainObject(spec) ? spec['names'] : undefined;
  const group = isPlainObject(spec) ? spec['group'] : undefined;
  const kind = isPlainObject(names) ? names['kind'] : undefined;
  return typeof group === 'string' && typeof kind === 'string' ? `${group}/${kind}` : undefined;
}

/**
 * Rank by kind, except that a custom resource whose CRD is among the tasks ranks after CRDs even
 * when its kind name happens to be a built-in one (Helm's list is by kind name only). A rank
 * function (not a pairwise rule) keeps the sort a total order.
 */
export function kindRanker(tasks: readonly SyncTask[]): (task: SyncTask) => number {
  const defined = new Set(tasks.map(crdTarget).filter((t): t is string => t !== undefined));
  return (task) => {
    const rank = kindRank(task.resource.kind);
    const gk = `${task.resource.group}/${task.resource.kind}`;
    return defined.has(gk) ? Math.max(rank, CRD_RANK + 0.5) : rank;
  };
}

function byIdentity(a: SyncTask, b: SyncTask): number {
  const r = a.resource;
  const s = b.resource;
  return cmp(r.name, s.name) || cmp(r.namespace, s.namespace) || cmp(r.group, s.group) || cmp(a.id, b.id);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Creation order: phase, wave ascending, kind, name (then namespace, group, id so it is total). */
export function sortForApply(tasks: readonly SyncTask[]): SyncTask[] {
  const rank = kindRanker(tasks);
  const phase = (t: SyncTask): number => PHASE_ORDER.indexOf(t.phase);
  return [...tasks].sort(
    (a, b) => phase(a) - phase(b) || a.wave - b.wave || rank(a) - rank(b) || byIdentity(a, b),
  );
}

/**
 * Deletion order: wave descending and kind descending, the mirror of creation, so that workloads
 * go before the Secrets and ServiceAccounts they use and custom resources before their CRDs
 * (deleting a CRD first would take its resources with it, bypassing their finalizers).
 */
export function sortForPrune(tasks: readonly SyncTask[]): SyncTask[] {
  const rank = kindRanker(tasks);
  return [...tasks].sort((a, b) => b.wave - a.wave || rank(b) - rank(a) || byIdentity(a, b));
}

/** Consecutive tasks of one wave become one group; the input must already be sorted. */
export function groupWaves(sorted: readonly SyncTask[]): SyncWave[] {
  const out: SyncWave[] = [];
  for (const task of sorted) {
    const last = out.at(-1);
    if (last !== undefined && last.wave === task.wave) last.tasks.push(task);
    else out.push({ wave: task.wave, tasks: [task] });
  }
  return out;
}

/**
 * Warnings for dependencies the waves put in the wrong order: an object applied in an earlier
 * step than the Namespace it lives in, or a custom resource earlier than its CRD. Argo CD does not
 * reorder across waves (the user chose them), so neither do we; we say why the apply will fail.
 */
export function dependencyWarnings(steps: readonly (readonly SyncTask[])[]): string[] {
  const nsStep = new Map<string, number>();
  const crdStep = new Map<string, number>();
  steps.forEach((tasks, i) => {
    for (const t of tasks) {
      if (t.resource.kind === 'Namespace' && t.resource.group === '') nsStep.set(t.resource.name, i);
      const target = crdTarget(t);
      if (target !== undefined) crdStep.set(target, i);
    }
  });
  const warnings: string[] = [];
  steps.forEach((tasks, i) => {
    for (const t of tasks) {
      const ns = nsStep.get(t.resource.namespace);
      if (ns !== undefined && ns > i) {
        warnings.push(
          `${t.key} is applied before its Namespace ${t.resource.namespace} (phase ${t.phase}, wave ${t.wave})`,
        );
      }
      const crd = crdStep.get(`${t.resource.group}/${t.resource.kind}`);
      if (crd !== undefined && crd > i) {
        warnings.push(
          `${t.key} is applied before the CustomResourceDefinition of its kind (phase ${t.phase}, wave ${t.wave})`,
        );
      }
    }
  });
  return warnings;
}
