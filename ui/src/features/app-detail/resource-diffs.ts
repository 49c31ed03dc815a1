// Builds the per-resource diffs of an app from its managed resources and ignoreDifferences. Pure.
import type { Application, ManagedResource } from '../../api/types.ts';
import { diffManifests, type ManifestDiff } from '../../lib/manifest-diff.ts';
import { parseJsonObject } from '../../lib/manifest.ts';
import { resourceKey } from '../../lib/resource-key.ts';

export interface ResourceDiff {
  key: string;
  resource: ManagedResource;
  diff: ManifestDiff;
  ignoredPointers: string[];
}

export function ignoredPointersFor(app: Application, r: ManagedResource): string[] {
  return (app.spec.ignoreDifferences ?? [])
    .filter(
      (i) =>
        (i.group ?? '') === r.group &&
        i.kind === r.kind &&
        (!i.name || i.name === r.name) &&
        (!i.namespace || i.namespace === r.namespace),
    )
    .flatMap((i) => i.jsonPointers ?? []);
}

export function resourceDiffs(app: Application, managed: readonly ManagedResource[]): ResourceDiff[] {
  return managed.map((r) => {
    const ignoredPointers = ignoredPointersFor(app, r);
    const live = parseJsonObject(r.normalizedLiveState) ?? parseJsonObject(r.liveState);
    const desired = parseJsonObject(r.predictedLiveState) ?? parseJsonObject(r.targetState);
    return {
      key: resourceKey(r),
      resource: r,
      diff: diffManifests(live, desired, ignoredPointers),
      ignoredPointers,
    };
  });
}
