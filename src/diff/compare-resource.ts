// compareResource: is one desired object in sync with its live object, and if not, which fields differ.
import type { KubeObject, ResourceIgnoreDifferences } from '../model/index.js';
import { compareValues, type FieldDifference } from './compare-values.js';
import { ownedFields } from './fields-v1.js';
import { applyIgnoreRules, ignoredManagers, matchingRules } from './ignore-differences.js';
import { isSecret, maskSecretPair } from './mask-secrets.js';
import type { StatusFieldMode } from './diff-settings.js';
import { ANNOTATION_LAST_APPLIED, normalizeObject } from './normalize.js';
import { formatPath, getAt } from './path.js';
import { lastAppliedOf, removedSinceLastApplied } from './three-way.js';

export const DEFAULT_FIELD_MANAGER = 'driftless';

export interface CompareInput {
  /** Rendered from Git (tracking annotation included). */
  desired: KubeObject;
  /** From the live-state cache; undefined when the object does not exist. */
  live?: KubeObject | undefined;
  /** A server-side-apply dry run of `desired`; compared with live instead of desired when present. */
  predictedLive?: KubeObject | undefined;
  /** The Application's spec.ignoreDifferences (rules that do not select this object are skipped). */
  ignoreDifferences?: readonly ResourceIgnoreDifferences[] | undefined;
  /** Our server-side-apply field manager; fields it owns in live but desired lacks are drift. */
  managedFieldsManager?: string | undefined;
  /** argocd-cm ignoreResourceStatusField (default `crd`): where a `status` Git declares is compared. */
  statusField?: StatusFieldMode | undefined;
  /** argocd-cm ignoreAggregatedRoles: `rules` of a ClusterRole with an aggregationRule are not drift. */
  ignoreAggregatedRoles?: boolean | undefined;
}

export interface CompareResult {
  modified: boolean;
  /** Why it is modified, in one line. */
  reason?: string;
  /** Normalized, ignore rules applied; Secret values masked. */
  normalizedDesired: KubeObject;
  normalizedLive: KubeObject | undefined;
  /** Paths that differ: `spec.replicas`, `spec.template.spec.containers[name=app].image`. */
  diffPaths: string[];
  /** The same differences with both values, for UIs (Secret values masked). */
  differences: FieldDifference[];
  /** Ignore rules that could not be evaluated on this object. */
  warnings: string[];
}

export function compareResource(input: CompareInput): CompareResult {
  const { desired, live, predictedLive } = input;
  const warnings: string[] = [];
  const rules = matchingRules(input.ignoreDifferences, desired);
  const dropOwnerReferences = desired.metadata.ownerReferences === undefined;
  const opts = { dropOwnerReferences };
  let normDesired = normalizeObject(predictedLive ?? desired, opts);
  if (!live) {
    normDesired = applyIgnoreRules(normDesired, rules, [], true, warnings);
    if (isSecret(normDesired)) normDesired = maskSecretPair(normDesired, undefined).desired;
    const differences = [{ path: '', desired: normDesired, live: undefined }];
    return {
      modified: true,
      reason: 'missing from the cluster',
      normalizedDesired: normDesired,
      normalizedLive: undefined,
      diffPaths: [''],
      differences,
      warnings,
    };
  }

  const managers = ignoredManagers(rules);
  // A prediction carries every manager's managedFields (the live cache keeps only ours).
  const ownership = predictedLive?.metadata.managedFields ?? live.metadata.managedFields;
  const ownedByIgnored = managers.size > 0 ? ownedFields(ownership, managers) : [];
  let normLive = normalizeObject(live, opts);
  if (input.ignoreAggregatedRoles && isAggregatedRole(desired, live)) {
    normDesired = withoutRules(normDesired);
    normLive = withoutRules(normLive);
  }
  normDesired = applyIgnoreRules(normDesired, rules, ownedByIgnored, true, warnings);
  normLive = applyIgnoreRules(normLive, rules, ownedByIgnored, false, warnings);
  if (isSecret(normDesired) || isSecret(normLive))
    ({ desired: normDesired, live: normLive } = maskSecretPair(normDesired, normLive));

  const differences: FieldDifference[] = [];
  compareValues(normDesired, normLive, predictedLive !== undefined, differences);
  if (compareStatus(input.statusField, desired))
    compareValues({ status: desired.status }, { status: live.status }, false, differences);
  if (!predictedLive) {
    // A dry run already drops fields removed from Git; without one, our own managedFields say what was
    // removed, and for objects applied client-side, so does last-applied (Argo CD's three-way rule).
    const manager = input.managedFieldsManager ?? DEFAULT_FIELD_MANAGER;
    differences.push(...removedFromGit(live, normDesired, normLive, manager, differences));
    differences.push(...removedFromLastApplied(live, normDesired, normLive, differences, opts));
  }
  const diffPaths = differences.map((d) => d.path);
  const result: CompareResult = {
    modified: differences.length > 0,
    normalizedDesired: normDesired,
    normalizedLive: normLive,
    diffPaths,
    differences,
    warnings,
  };
  if (result.modified) result.reason = describe(diffPaths);
  return result;
}

/** Whether Git's `status` of this object is compared (Argo CD's ignoreResourceStatusField). */
export function compareStatus(mode: StatusFieldMode | undefined, desired: KubeObject): boolean {
  const status = desired.status;
  if (
    status === undefined ||
    status === null ||
    (typeof status === 'object' && Object.keys(status).length === 0)
  )
    return false;
  const m = mode ?? 'crd';
  return m === 'none' || (m === 'crd' && desired.kind !== 'CustomResourceDefinition');
}

function isAggregatedRole(desired: KubeObject, live: KubeObject): boolean {
  return (
    desired.kind === 'ClusterRole' &&
    desired.apiVersion.startsWith('rbac.authorization.k8s.io/') &&
    (desired.aggregationRule !== undefined || live.aggregationRule !== undefined)
  );
}

function withoutRules(obj: KubeObject): KubeObject {
  const { rules: _rules, ...rest } = obj;
  return rest as KubeObject;
}

function removedFromLastApplied(
  rawLive: KubeObject,
  desired: KubeObject,
  live: KubeObject,
  already: readonly FieldDifference[],
  opts: { dropOwnerReferences: boolean },
): FieldDifference[] {
  const lastApplied = lastAppliedOf(rawLive, ANNOTATION_LAST_APPLIED);
  if (!lastApplied) return [];
  const seen = new Set(already.map((d) => d.path));
  const la = normalizeObject(lastApplied, opts);
  return removedSinceLastApplied(la, desired, live).filter((d) => !seen.has(d.path));
}

/** Fields our manager owns in live that are present there but gone from desired (removed from Git). */
function removedFromGit(
  rawLive: KubeObject,
  desired: KubeObject,
  live: KubeObject,
  manager: string,
  already: readonly FieldDifference[],
): FieldDifference[] {
  const owned = ownedFields(rawLive.metadata.managedFields, new Set([manager]));
  if (owned.length === 0) return [];
  const seen = new Set(already.map((d) => d.path));
  const out: FieldDifference[] = [];
  for (const f of owned) {
    const lv = getAt(live, f.path, false);
    if (lv === undefined || getAt(desired, f.path, true) !== undefined) continue;
    const path = formatPath(f.path);
    // One report for a removed subtree: skip paths under one already reported.
    if (
      seen.has(path) ||
      [...seen].some((p) => p !== '' && (path.startsWith(`${p}.`) || path.startsWith(`${p}[`)))
    )
      continue;
    seen.add(path);
    out.push({ path, desired: undefined, live: lv });
  }
  return out;
}

function describe(paths: readonly string[]): string {
  const shown = paths.slice(0, 3).join(', ');
  const more = paths.length > 3 ? ` and ${paths.length - 3} more` : '';
  return `${paths.length} field${paths.length === 1 ? '' : 's'} differ${paths.length === 1 ? 's' : ''}: ${shown}${more}`;
}
