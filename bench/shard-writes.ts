// Who wrote an Application, and whether two live replicas wrote one app at once: pure functions over
// the managedFields of consecutive versions of an app (as a watch delivers them) and the writes so found.

/** One entry of metadata.managedFields, as far as telling writers apart needs it. */
export interface ManagedEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  /** When the entry last changed (server clock, whole seconds). */
  time?: string;
  fieldsV1?: unknown;
}

/** A write by a replica, seen on a watch. */
export interface AppWrite {
  app: string;
  /** The replica id (its field manager without `driftless-shard-`). */
  writer: string;
  /** When the watch delivered it (the bench's clock, ms); the write happened before. */
  seenAt: number;
  /** The entry's time (server clock, ms, floored to a second), when it has one. */
  serverAt?: number | undefined;
}

export const SHARD_MANAGER_PREFIX = 'driftless-shard-';

const key = (e: ManagedEntry) => `${e.manager ?? ''}\u0000${e.operation ?? ''}\u0000${e.subresource ?? ''}`;

/** Whether every field of `a` (a fieldsV1 tree) is in `b`. */
function within(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null) return true;
  if (typeof b !== 'object' || b === null) return Object.keys(a).length === 0;
  const bb = b as Record<string, unknown>;
  return Object.entries(a as Record<string, unknown>).every(([k, v]) => k in bb && within(v, bb[k]));
}

/**
 * The replicas whose entries are new, newly stamped, or hold fields they did not hold, from `before`
 * to `after`: the writers of that version. An entry that only lost fields (another manager's write
 * took them) is no write. A replica that writes twice within one second the same fields shows once
 * (the entry's time has a one-second grain); a write that owns no field (only removes one) shows no
 * writer.
 */
export function writersBetween(
  before: readonly ManagedEntry[] | undefined,
  after: readonly ManagedEntry[] | undefined,
): { writer: string; serverAt: number | undefined }[] {
  const old = new Map((before ?? []).map((e) => [key(e), e]));
  const out = new Map<string, number | undefined>();
  for (const e of after ?? []) {
    if (!e.manager?.startsWith(SHARD_MANAGER_PREFIX)) continue;
    const prev = old.get(key(e));
    if (prev && prev.time === e.time && within(e.fieldsV1, prev.fieldsV1)) continue;
    const t = e.time === undefined ? Number.NaN : Date.parse(e.time);
    out.set(e.manager.slice(SHARD_MANAGER_PREFIX.length), Number.isNaN(t) ? undefined : t);
  }
  return [...out].map(([writer, serverAt]) => ({ writer, serverAt }));
}

export interface WriteCheck {
  writes: readonly AppWrite[];
  /** When the victim was SIGKILLed (bench clock, ms; the server's clock is the same machine's). */
  killedAt: number;
  victim: string;
  /** App → owner before the kill and after the takeover (from the replicas' metrics). */
  before: ReadonlyMap<string, string>;
  after: ReadonlyMap<string, string>;
}

export interface WriteViolation {
  app: string;
  why: string;
}

/**
 * Apps written by two live replicas at once. Per app, each write must come from the app's owner
 * before the kill or (for the killed replica's apps) its owner after; writers must not interleave
 * (A, then B, then A again); and a successor's write must come after the kill (seen before it, or
 * stamped by the server a whole second before it).
 */
export function checkWrites(c: WriteCheck): WriteViolation[] {
  const byApp = new Map<string, AppWrite[]>();
  for (const w of c.writes) byApp.set(w.app, [...(byApp.get(w.app) ?? []), w]);
  const out: WriteViolation[] = [];
  for (const [app, writes] of byApp) {
    const first = c.before.get(app);
    const moved = first === c.victim || first === undefined;
    const expected = new Set([first, moved ? c.after.get(app) : undefined].filter((x) => x !== undefined));
    const foreign = [...new Set(writes.map((w) => w.writer))].filter((w) => !expected.has(w));
    if (foreign.length > 0)
      out.push({ app, why: `written by ${foreign.join('+')}, owned by ${[...expected].join(' then ')}` });
    const runs: string[] = [];
    for (const w of [...writes].sort((a, b) => a.seenAt - b.seenAt))
      if (runs.at(-1) !== w.writer) runs.push(w.writer);
    if (new Set(runs).size < runs.length) out.push({ app, why: `writers interleaved: ${runs.join(' → ')}` });
    const early = writes.find(
      (w) =>
        w.writer !== c.victim &&
        first === c.victim &&
        (w.seenAt < c.killedAt || (w.serverAt !== undefined && w.serverAt + 1000 <= c.killedAt)),
    );
    if (early) out.push({ app, why: `${early.writer} wrote it before ${c.victim} was killed` });
  }
  return out;
}
