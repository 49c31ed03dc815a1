// The assessor registry: built-in assessors by group/kind, overrides (Lua from argocd-cm), the generic fallback.
import type { KubeObject } from '../model/index.js';
import { groupOf } from '../model/index.js';
import { apiServiceAssessor } from './assessors/api-service.js';
import { applicationAssessor } from './assessors/application.js';
import { daemonSetAssessor } from './assessors/daemon-set.js';
import { deploymentAssessor } from './assessors/deployment.js';
import { ECOSYSTEM_ASSESSORS } from './assessors/ecosystem.js';
import { genericAssessor } from './assessors/generic.js';
import { horizontalPodAutoscalerAssessor } from './assessors/horizontal-pod-autoscaler.js';
import { ingressAssessor } from './assessors/ingress.js';
import { jobAssessor } from './assessors/job.js';
import { namespaceAssessor } from './assessors/namespace.js';
import { persistentVolumeClaimAssessor } from './assessors/persistent-volume-claim.js';
import { podAssessor } from './assessors/pod.js';
import { replicaSetAssessor } from './assessors/replica-set.js';
import { serviceAssessor } from './assessors/service.js';
import { statefulSetAssessor } from './assessors/stateful-set.js';
import { groupKindKey, type HealthAssessor } from './types.js';

export const BUILTIN_ASSESSORS: readonly HealthAssessor[] = [
  deploymentAssessor,
  statefulSetAssessor,
  daemonSetAssessor,
  replicaSetAssessor,
  podAssessor,
  serviceAssessor,
  ingressAssessor,
  persistentVolumeClaimAssessor,
  jobAssessor,
  horizontalPodAutoscalerAssessor,
  apiServiceAssessor,
  namespaceAssessor,
  applicationAssessor,
  ...ECOSYSTEM_ASSESSORS,
];

export interface HealthRegistry {
  /** The assessor for an object's group/kind, or undefined (then: Healthy if it exists). */
  lookup(obj: KubeObject): HealthAssessor | undefined;
  /** Whether a check for this kind exists (built-in or override), so the generic one is not used. */
  isSpecific?(obj: KubeObject): boolean;
}

export interface HealthRegistryOptions {
  /**
   * Assessors keyed by `group/kind` (`apps/Deployment`, `/Service` for the core group, `cert-manager.io/*`
   * for every kind of a group), which win over the built-ins: Argo CD's custom health checks go here.
   */
  overrides?: Readonly<Record<string, Pick<HealthAssessor, 'assess'>>>;
  /** Built-ins to use; the default is all of them. */
  assessors?: readonly HealthAssessor[];
  /**
   * Judges kinds nothing else does; the default is the generic kstatus assessor. `null` (or a false
   * `useFallback(obj)`) leaves them Healthy if they exist.
   */
  fallback?: Pick<HealthAssessor, 'assess'> | null;
  /** Whether the fallback may judge this object (argocd-cm turns it off per kind). */
  useFallback?: (obj: KubeObject) => boolean;
}

export function createHealthRegistry(opts: HealthRegistryOptions = {}): HealthRegistry {
  const byKey = new Map<string, Pick<HealthAssessor, 'assess'>>();
  for (const a of opts.assessors ?? BUILTIN_ASSESSORS)
    for (const gk of a.kinds) byKey.set(groupKindKey(gk), a);
  for (const [key, a] of Object.entries(opts.overrides ?? {}))
    byKey.set(key.includes('/') ? key : `/${key}`, a);
  const fallback = opts.fallback === undefined ? genericAssessor : opts.fallback;
  const useFallback = opts.useFallback ?? (() => true);
  return {
    lookup(obj) {
      const group = groupOf(obj);
      const found =
        byKey.get(`${group}/${obj.kind}`) ??
        byKey.get(`${group}/*`) ??
        (fallback && useFallback(obj) ? fallback : undefined);
      return found && { kinds: [{ group, kind: obj.kind }], assess: (o) => found.assess(o) };
    },
    isSpecific(obj) {
      const group = groupOf(obj);
      return byKey.has(`${group}/${obj.kind}`) || byKey.has(`${group}/*`);
    },
  };
}

export const defaultHealthRegistry: HealthRegistry = createHealthRegistry();
