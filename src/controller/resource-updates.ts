// Argo CD's reconcile optimization: an update of a tracked object that touched only ignored fields, and
// left its health as it was, does not refresh the app (argocd-cm ignoreResourceUpdates).
import { applyIgnoreRules, matchingRules } from '../diff/ignore-differences.js';
import type { DiffSettings } from '../diff/diff-settings.js';
import {
  ANNOTATION_TRACKING_ID,
  deepEqualJson,
  type KubeObject,
  type ResourceIgnoreDifferences,
} from '../model/index.js';
import type { HealthResult } from './compare-app.js';

/** Never a reason to look again: the server rewrites these on every write. */
const ALWAYS_IGNORED: ResourceIgnoreDifferences = {
  group: '*',
  kind: '*',
  jsonPointers: ['/metadata/resourceVersion', '/metadata/generation', '/metadata/managedFields'],
};

/** Whether the change from `old` to `obj` can be skipped without refreshing the app that tracks it. */
export function resourceUpdateIgnored(
  settings: DiffSettings,
  old: KubeObject,
  obj: KubeObject,
  assessHealth: (o: KubeObject) => HealthResult,
): boolean {
  if (!settings.ignoreResourceUpdatesEnabled) return false;
  if (obj.metadata.annotations?.[ANNOTATION_TRACKING_ID] === undefined) return false;
  const rules = [
    ALWAYS_IGNORED,
    ...matchingRules(settings.ignoreResourceUpdates, obj),
    ...(settings.ignoreDifferencesOnResourceUpdates ? matchingRules(settings.ignoreDifferences, obj) : []),
  ];
  const warnings: string[] = [];
  const before = applyIgnoreRules(old, rules, [], false, warnings);
  const after = applyIgnoreRules(obj, rules, [], false, warnings);
  if (warnings.length > 0 || !deepEqualJson(before, after)) return false;
  const h0 = assessHealth(old);
  const h1 = assessHealth(obj);
  return h0.status === h1.status && h0.message === h1.message;
}
