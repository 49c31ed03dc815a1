// Flux: Kustomization, HelmRelease, the sources and the other toolkit kinds, which follow kstatus closely.
import { conditionsHealth, staleGeneration } from '../conventions/conventions.js';
import { specSuspend } from '../conventions/ready-condition.js';
import { conditions, defineAssessor, parts, status } from '../read-fields.js';

const KINDS: Readonly<Record<string, readonly string[]>> = {
  'kustomize.toolkit.fluxcd.io': ['Kustomization'],
  'helm.toolkit.fluxcd.io': ['HelmRelease'],
  'source.toolkit.fluxcd.io': ['GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart', 'Bucket'],
  'image.toolkit.fluxcd.io': ['ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation'],
  'notification.toolkit.fluxcd.io': ['Alert', 'Provider', 'Receiver'],
};

/**
 * Suspended with `spec.suspend`; Progressing until `status.observedGeneration` catches up; then Stalled True
 * is Degraded, Reconciling True Progressing, Ready True Healthy, Ready False Degraded (Flux retries, but the
 * last attempt failed: a failed build, a failed install, an unreachable source), Ready Unknown Progressing.
 * An OCI HelmRepository is static and reports nothing: Healthy.
 */
export const fluxAssessor = defineAssessor(
  Object.entries(KINDS).flatMap(([group, kinds]) => kinds.map((kind) => ({ group, kind }))),
  (o) => {
    const { spec, status: st } = parts(o);
    conditions(st);
    const suspended = specSuspend(o, spec);
    if (suspended) return status('Suspended', suspended);
    if (o.kind === 'HelmRepository' && spec['type'] === 'oci')
      return status('Healthy', 'OCI repositories are static');
    const stale = staleGeneration(o, st);
    if (stale) return stale;
    return (
      conditionsHealth(o, st, { notReady: 'Degraded' }) ?? status('Progressing', 'Waiting for reconciliation')
    );
  },
);
