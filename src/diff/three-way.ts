// Argo CD's three-way rule for objects last applied client-side: a live field that Git no longer has
// is drift only if the last-applied configuration had it (kubectl apply would remove it).
import { isPlainObject, type KubeObject } from '../model/index.js';
import type { FieldDifference } from './compare-values.js';
import { itemKey, itemKeyObject, listKeyFor } from './field-rules.js';
import { formatPath, type PathSeg } from './path.js';

/** Parsed `kubectl.kubernetes.io/last-applied-configuration`, or undefined (absent or not a JSON object). */
export function lastAppliedOf(live: KubeObject, annotation: string): KubeObject | undefined {
  const raw = live.metadata.annotations?.[annotation];
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isPlainObject(parsed) && isPlainObject(parsed.metadata) ? (parsed as KubeObject) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fields in both last-applied and live that desired lacks: removed from Git since the last apply.
 * All three are normalized the same way. Positional lists are left to the comparison (a list of
 * another length is already drift there).
 */
export function removedSinceLastApplied(
  lastApplied: unknown,
  desired: unknown,
  live: unknown,
): FieldDifference[] {
  const out: FieldDifference[] = [];
  walk(lastApplied, desired, live, undefined, [], out);
  return out;
}

function walk(
  la: unknown,
  d: unknown,
  l: unknown,
  field: string | undefined,
  path: PathSeg[],
  out: FieldDifference[],
): void {
  if (isPlainObject(la) && isPlainObject(l)) {
    const dm = isPlainObject(d) ? d : {};
    for (const k in la) {
      if (l[k] === undefined) continue;
      path.push({ t: 'f', name: k });
      if (dm[k] === undefined) out.push({ path: formatPath(path), desired: undefined, live: l[k] });
      else walk(la[k], dm[k], l[k], k, path, out);
      path.pop();
    }
    return;
  }
  if (!Array.isArray(la) || !Array.isArray(l)) return;
  const dl = Array.isArray(d) ? d : [];
  const key = listKeyFor(field, la, l);
  if (!key) return;
  const byKey = (list: readonly unknown[]) => new Map(list.map((item) => [itemKey(item, key), item]));
  const desiredItems = byKey(dl);
  const liveItems = byKey(l);
  for (const item of la) {
    const k = itemKey(item, key);
    const liveItem = liveItems.get(k);
    if (liveItem === undefined) continue;
    path.push({ t: 'k', key: itemKeyObject(item, key) });
    const desiredItem = desiredItems.get(k);
    if (desiredItem === undefined) out.push({ path: formatPath(path), desired: undefined, live: liveItem });
    else walk(item, desiredItem, liveItem, undefined, path, out);
    path.pop();
  }
}
