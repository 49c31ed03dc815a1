// Ordering of resourceVersions, where it can be known: they are opaque, but etcd-backed ones are integers.

/**
 * -1/0/1 when both versions are decimal integers (every etcd-backed server), undefined otherwise
 * (aggregated APIs may use anything): callers then treat the newer event as newer.
 */
export function compareResourceVersions(a: string | undefined, b: string | undefined): number | undefined {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True only when `incoming` is known to be older than or equal to `current`. */
export function isStale(incoming: string | undefined, current: string | undefined): boolean {
  const c = compareResourceVersions(incoming, current);
  return c !== undefined && c <= 0;
}
