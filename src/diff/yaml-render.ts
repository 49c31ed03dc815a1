// Stable YAML for diffs: apiVersion, kind, metadata, spec first, then the rest alphabetically.
import { stringify, type Pair } from 'yaml';

const FIRST = ['apiVersion', 'kind', 'metadata', 'spec', 'data', 'stringData'];

function rank(key: unknown): number {
  const i = FIRST.indexOf(String(key));
  return i < 0 ? FIRST.length : i;
}

function sortEntries(a: Pair, b: Pair): number {
  const ka = a.key && typeof a.key === 'object' && 'value' in a.key ? a.key.value : a.key;
  const kb = b.key && typeof b.key === 'object' && 'value' in b.key ? b.key.value : b.key;
  const r = rank(ka) - rank(kb);
  if (r !== 0) return r;
  const sa = String(ka);
  const sb = String(kb);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** YAML with sorted keys, so two renderings of equal objects are equal text. */
export function toYaml(v: unknown): string {
  return stringify(v, { sortMapEntries: sortEntries, lineWidth: 0, aliasDuplicateObjects: false });
}
