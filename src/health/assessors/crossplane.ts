// Crossplane packages (Provider, Configuration, Function) and definitions; claims and composites use the generic check.
import { cond, describe, fromCondition, staleGeneration } from '../conventions/conventions.js';
import { conditions, defineAssessor, parts, status } from '../read-fields.js';

const PKG = 'pkg.crossplane.io';

/**
 * Packages report `Installed` (the package revision is active) and `Healthy` (its runtime is up). Both True
 * is Healthy; Installed False, or Healthy False with a reason other than a pending one, is Degraded.
 * Claims, composite resources and managed resources live in user-chosen API groups; the generic check reads
 * their `Synced`/`Ready` conditions (docs/health.md).
 */
export const crossplanePackageAssessor = defineAssessor(
  ['Provider', 'Configuration', 'Function'].map((kind) => ({ group: PKG, kind })),
  (o) => {
    const st = parts(o).status;
    const list = conditions(st);
    const stale = staleGeneration(o, st);
    if (stale) return stale;
    const installed = cond(list, 'Installed');
    const healthy = cond(list, 'Healthy');
    if (installed?.status === 'False' && !/Unpack|Pending/i.test(installed.reason))
      return fromCondition('Degraded', installed);
    if (healthy?.status === 'False' && !/Unknown|Pending/i.test(healthy.reason))
      return fromCondition('Degraded', healthy);
    if (installed?.status === 'True' && healthy?.status === 'True')
      return status('Healthy', [describe(installed), describe(healthy)].filter(Boolean).join('; '));
    return status(
      'Progressing',
      describe(healthy ?? installed ?? { reason: '', message: '' }) || 'Installing package',
    );
  },
);

/** CompositeResourceDefinition: Established True is Healthy (its CRDs serve); Offered False for a claim is Degraded. */
export const compositeResourceDefinitionAssessor = defineAssessor(
  [{ group: 'apiextensions.crossplane.io', kind: 'CompositeResourceDefinition' }],
  (o) => {
    const list = conditions(parts(o).status);
    const established = cond(list, 'Established');
    const offered = cond(list, 'Offered');
    if (established?.status === 'False' && established.reason !== 'WatchingCompositeResource')
      return fromCondition('Degraded', established);
    if (offered?.status === 'False') return fromCondition('Degraded', offered);
    if (established?.status === 'True') return fromCondition('Healthy', established);
    return status('Progressing', 'Waiting for the definition to be established');
  },
);
