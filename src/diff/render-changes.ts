// What a change to Git does to an app's rendered objects: added, changed (field by field, both ways) and
// removed, with Secret values masked. Pure; the PR preview's comparison of two renders.
import { keyOf, keyString, type KubeObject, type ResourceKey } from '../model/index.js';
import { compareResource } from './compare-resource.js';
import { unifiedDiff } from './unified-diff.js';

/** One field that differs between the two renders (`undefined`: absent on that side). */
export interface FieldChange {
  path: string;
  from: unknown;
  to: unknown;
}

export interface ChangedResource extends ResourceKey {
  fields: FieldChange[];
  /** Unified diff of the two normalized objects (YAML), Secret values masked. */
  diff: string;
}

export interface RenderChanges {
  added: ResourceKey[];
  changed: ChangedResource[];
  /** In the base render and not in the head's: a sync with pruning deletes them. */
  pruned: ResourceKey[];
}

function label(k: ResourceKey): string {
  return `${k.kind}/${k.namespace ? `${k.namespace}/` : ''}${k.name}`;
}

function byKey(objects: readonly KubeObject[]): Map<string, KubeObject> {
  return new Map(objects.map((o) => [keyString(keyOf(o)), o]));
}

/** Compares every object of both renders; a Secret's values never leave masked. */
export function renderChanges(base: readonly KubeObject[], head: readonly KubeObject[]): RenderChanges {
  const before = byKey(base);
  const after = byKey(head);
  const out: RenderChanges = { added: [], changed: [], pruned: [] };
  for (const [k, obj] of after) {
    const old = before.get(k);
    if (!old) {
      out.added.push(keyOf(obj));
      continue;
    }
    // Both sides are renders: compare symmetrically (a field dropped from Git is a change, too).
    const c = compareResource({ desired: obj, live: old, predictedLive: obj });
    if (!c.modified) continue;
    const key = keyOf(obj);
    out.changed.push({
      ...key,
      fields: c.differences.map((d) => ({ path: d.path, from: d.live, to: d.desired })),
      diff: unifiedDiff(c.normalizedLive, c.normalizedDesired, {
        fromLabel: `base ${label(key)}`,
        toLabel: `head ${label(key)}`,
      }),
    });
  }
  for (const [k, obj] of before) if (!after.has(k)) out.pruned.push(keyOf(obj));
  const order = (a: ResourceKey, b: ResourceKey) => keyString(a).localeCompare(keyString(b));
  out.added.sort(order);
  out.changed.sort(order);
  out.pruned.sort(order);
  return out;
}
