// Which controller replica owns an app: the replica holding the shard index its cluster is pinned to
// (Argo CD's cluster `shard`), else rendezvous (highest-random-weight) hashing over the live members,
// keyed by the app or by its destination cluster; a membership change moves only the apps whose
// winner joined or left (docs/sharding.md, ADR 0028, ADR 0038).
import { createHash } from 'node:crypto';

/** What an app is hashed by: itself, or its destination cluster (all apps of a cluster on one replica). */
export type ShardKey = 'app' | 'cluster';

/** Argo CD's `controller.sharding.algorithm` values and what each means here. */
export const ARGOCD_ALGORITHMS: Readonly<Record<string, ShardKey>> = {
  // Argo CD's three algorithms all place clusters; consistent-hashing is the one meant to spread
  // load evenly, which placing apps does better, so it keys by app. The other two keep Argo CD's unit.
  'consistent-hashing': 'app',
  legacy: 'cluster',
  'round-robin': 'cluster',
};

function weight(member: string, key: string): bigint {
  return createHash('sha256').update(member).update('\u0000').update(key).digest().readBigUInt64BE(0);
}

/** The member with the highest weight for `key`; undefined when there are no members. */
export function ownerOf(members: readonly string[], key: string): string | undefined {
  let best: string | undefined;
  let bestWeight = -1n;
  for (const m of members) {
    const w = weight(m, key);
    // Ties (practically impossible) go to the smaller name, so every replica agrees.
    if (w > bestWeight || (w === bestWeight && best !== undefined && m < best)) {
      best = m;
      bestWeight = w;
    }
  }
  return best;
}

/** What placing an app reads: its name, its destination and, once resolved, its cluster's URL. */
export interface ShardedApp {
  namespace: string;
  name: string;
  destination?: { server?: string; name?: string } | undefined;
  /** The URL of the declared cluster the destination resolves to, when it does. */
  server?: string | undefined;
}

/** Where an app goes: its hashing key and its cluster's URL (looked up in the pins). */
export interface Placement {
  key: string;
  server: string | undefined;
}

/** The hashing key of an app: `<namespace>/<name>`, or its destination cluster's URL (its name when unresolved). */
export function placement(by: ShardKey, app: ShardedApp): Placement {
  const server = app.server || app.destination?.server || undefined;
  const key =
    by === 'cluster' ? server || `name:${app.destination?.name ?? ''}` : `${app.namespace}/${app.name}`;
  return { key, server };
}

/**
 * The owner among `members`: when `pins` pin the app's cluster to a shard index, the member holding
 * that index (the smallest name when several claim it); else — no pin, or no live member holds the
 * index — the hash winner, so a pinned cluster's apps are still reconciled while its replica is down.
 */
export function placeOwner(
  members: readonly string[],
  indexOf: (member: string) => number | undefined,
  p: Placement,
  pins: ReadonlyMap<string, number>,
): string | undefined {
  const pin = p.server === undefined ? undefined : pins.get(p.server);
  if (pin !== undefined) {
    const pinned = members.filter((m) => indexOf(m) === pin).sort();
    if (pinned[0] !== undefined) return pinned[0];
  }
  return ownerOf(members, p.key);
}

/** A StatefulSet Pod's ordinal (`…-controller-2` → 2), as Argo CD infers a replica's shard from its host name. */
export function ordinalOf(id: string): number | undefined {
  const m = /-(\d{1,9})$/.exec(id);
  return m ? Number(m[1]) : undefined;
}
