// Which controller replica owns an app: rendezvous (highest-random-weight) hashing over the live
// members, keyed by the app or by its destination cluster; a membership change moves only the apps
// whose winner joined or left (docs/sharding.md, ADR 0028).
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

/** The hashing key of an app: `<namespace>/<name>`, or its destination server (name when only that is set). */
export function appShardKey(
  by: ShardKey,
  app: { namespace: string; name: string; destination?: { server?: string; name?: string } | undefined },
): string {
  if (by === 'cluster') return app.destination?.server || `name:${app.destination?.name ?? ''}`;
  return `${app.namespace}/${app.name}`;
}
