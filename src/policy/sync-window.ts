// AppProject sync windows: which windows apply to an app, which are active now, and may a sync run.
import type { AppProject, AppProjectSpec } from '../model/index.js';
import { globMatch } from './glob-match.js';
import { cronMatches, parseCron } from './sync-window-cron.js';
import { isKnownTimeZone, wallClock } from './sync-window-clock.js';

export type SyncWindow = NonNullable<AppProjectSpec['syncWindows']>[number];

export interface WindowTarget {
  app: string;
  namespace: string;
  server?: string | undefined;
  clusterName?: string | undefined;
}

export type WindowDecision = { allowed: true } | { allowed: false; reason: string; window: SyncWindow };

const MAX_DURATION_MS = 31 * 24 * 3_600_000;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/** A Go duration (`1h`, `30m`, `1h30m`, `90s`); undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g))
    ms += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0);
  return ms;
}

/** Argo CD's rule: a window applies when any of its applications, namespaces or clusters globs match. */
export function windowMatches(w: SyncWindow, t: WindowTarget): boolean {
  if (w.applications?.some((p) => globMatch(p, t.app))) return true;
  if (w.namespaces?.some((p) => globMatch(p, t.namespace))) return true;
  return (
    w.clusters?.some(
      (p) =>
        (t.server !== undefined && globMatch(p, t.server)) ||
        (t.clusterName !== undefined && globMatch(p, t.clusterName)),
    ) ?? false
  );
}

/** Active when the schedule fired at some minute s with s <= now < s + duration; errors for a malformed window. */
export function windowActive(w: SyncWindow, nowMs: number): { active: boolean } | { error: string } {
  const cron = parseCron(w.schedule);
  if (!cron.ok) return { error: cron.error };
  const duration = parseDuration(w.duration);
  if (duration === undefined || duration <= 0)
    return { error: `duration "${w.duration}" is not a Go duration such as 1h or 30m` };
  if (duration > MAX_DURATION_MS) return { error: `duration "${w.duration}" is longer than 31 days` };
  const tz = w.timeZone || 'UTC';
  if (!isKnownTimeZone(tz)) return { error: `timeZone "${tz}" is not a known IANA time zone` };
  const nowMinute = Math.floor(nowMs / 60_000) * 60_000;
  for (let s = nowMinute; s > nowMs - duration; s -= 60_000)
    if (cronMatches(cron.schedule, wallClock(s, tz))) return { active: true };
  return { active: false };
}

export function describeWindow(w: SyncWindow): string {
  const scope = [
    w.applications?.length ? `applications: ${w.applications.join(', ')}` : '',
    w.namespaces?.length ? `namespaces: ${w.namespaces.join(', ')}` : '',
    w.clusters?.length ? `clusters: ${w.clusters.join(', ')}` : '',
    `timeZone: ${w.timeZone || 'UTC'}`,
  ].filter(Boolean);
  return `${w.kind} window "${w.schedule}" for ${w.duration} (${scope.join('; ')})`;
}

/**
 * Argo CD's decision: an active deny window blocks (a manual sync passes only if every active deny
 * allows manualSync); otherwise an active allow window permits; otherwise, if the app has allow
 * windows and none is active, only a manual sync through a manualSync allow window may run.
 * A malformed window that applies blocks, so a typo never silently opens a freeze.
 */
export function checkSyncWindows(
  project: AppProject,
  target: WindowTarget,
  opts: { manual: boolean; nowMs: number },
): WindowDecision {
  const applying = (project.spec.syncWindows ?? []).filter((w) => windowMatches(w, target));
  const state = applying.map((w) => ({ w, r: windowActive(w, opts.nowMs) }));
  const where = `in project "${project.metadata.name}"`;
  for (const { w, r } of state)
    if ('error' in r)
      return {
        allowed: false,
        window: w,
        reason: `sync blocked: ${describeWindow(w)} ${where} is invalid: ${r.error}`,
      };
  const active = state.filter((s) => 'active' in s.r && s.r.active).map((s) => s.w);
  const activeDeny = active.filter((w) => w.kind === 'deny');
  if (activeDeny.length > 0) {
    const blocking = activeDeny.find((w) => !(opts.manual && w.manualSync));
    if (blocking)
      return {
        allowed: false,
        window: blocking,
        reason: `sync denied by active ${describeWindow(blocking)} ${where}`,
      };
    return { allowed: true };
  }
  if (active.some((w) => w.kind === 'allow')) return { allowed: true };
  const allows = applying.filter((w) => w.kind === 'allow');
  const first = allows[0];
  if (!first) return { allowed: true };
  if (opts.manual && allows.some((w) => w.manualSync)) return { allowed: true };
  return {
    allowed: false,
    window: first,
    reason: `sync denied: no allow window is active; next: ${describeWindow(first)} ${where}`,
  };
}
