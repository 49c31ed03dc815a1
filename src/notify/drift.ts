// Drift alerts (beyond Argo CD): an app OutOfSync at the revision it last deployed means someone
// changed the cluster, not Git. Pure decisions over a small persisted state; who changed what comes
// from the drifted objects' managedFields.
import { createHash } from 'node:crypto';
import type { Application, KubeObject } from '../model/index.js';

export const DRIFT_ANNOTATION = 'notifications.driftless.dev/drift';

export interface DriftChange {
  manager: string;
  operation?: string;
  subresource?: string;
  time?: string;
  fields: string[];
}

export interface DriftedResource {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  changes: DriftChange[];
}

/** What is remembered of the current drift (on the app, so a restart does not re-alert). */
export interface DriftState {
  /** When this drift was first seen (ISO) and when its grouping window started (epoch ms). */
  firstSeen: string;
  detectedAt: number;
  keys: string[];
  fingerprint?: string;
  /** Epoch ms of the last alert (first or reminder); absent while the grouping window is open. */
  sentAt?: number;
}

export interface DriftOptions {
  /** How long to gather more drifted objects before the first alert (one `kubectl apply` = one alert). */
  groupWaitMs: number;
  /** An unresolved drift is announced again after this long. */
  reminderMs: number;
}

export const DEFAULT_DRIFT: DriftOptions = { groupWaitMs: 5_000, reminderMs: 4 * 3_600_000 };

export function readDriftState(annotations: Record<string, string> | undefined): DriftState | undefined {
  const text = annotations?.[DRIFT_ANNOTATION];
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as DriftState;
    return typeof v.detectedAt === 'number' && Array.isArray(v.keys) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The revision the app last deployed (its latest history entry, else its last sync's). */
function deployedRevision(app: Application): string | undefined {
  const history = app.status?.history ?? [];
  return history[history.length - 1]?.revision ?? app.status?.operationState?.syncResult?.revision;
}

/** Keys of the drifted resources, or undefined when the app is not drifting (in sync, or Git moved). */
export function driftedKeys(app: Application): string[] | undefined {
  const sync = app.status?.sync;
  if (sync?.status !== 'OutOfSync' || app.operation || app.status?.operationState?.phase === 'Running')
    return undefined;
  const deployed = deployedRevision(app);
  if (!deployed || sync.revision !== deployed) return undefined;
  const keys = (app.status?.resources ?? [])
    .filter((r) => r.status === 'OutOfSync' && !r.hook)
    .map((r) => `${r.group}/${r.kind}/${r.namespace}/${r.name}`)
    .sort();
  return keys.length > 0 ? keys : undefined;
}

export type DriftStep =
  | { kind: 'none' }
  | { kind: 'open'; state: DriftState; wakeAt: number }
  | { kind: 'wait'; wakeAt: number }
  | { kind: 'alert'; state: DriftState; reminder: boolean }
  | { kind: 'resolved'; announce: boolean };

/** The next step for one app given its state and the clock; `alert` leaves the fingerprint to the caller. */
export function driftStep(
  app: Application,
  state: DriftState | undefined,
  now: number,
  opts: DriftOptions,
): DriftStep {
  const keys = driftedKeys(app);
  if (!keys) {
    if (!state) return { kind: 'none' };
    // Only a return to Synced resolves a drift; Unknown or a new revision leaves it open.
    if (app.status?.sync?.status === 'Synced')
      return { kind: 'resolved', announce: state.sentAt !== undefined };
    return { kind: 'none' };
  }
  if (!state) {
    const opened: DriftState = { firstSeen: new Date(now).toISOString(), detectedAt: now, keys };
    return { kind: 'open', state: opened, wakeAt: now + opts.groupWaitMs };
  }
  const changed = keys.join('\n') !== state.keys.join('\n');
  if (state.sentAt === undefined) {
    // While more objects keep drifting the window restarts (one `kubectl apply` seen over several
    // refreshes is one alert), but never beyond ten windows from the first sight.
    if (changed && now - Date.parse(state.firstSeen) < 10 * opts.groupWaitMs)
      return { kind: 'open', state: { ...state, detectedAt: now, keys }, wakeAt: now + opts.groupWaitMs };
    const due = state.detectedAt + opts.groupWaitMs;
    return now >= due
      ? { kind: 'alert', state: { ...state, keys }, reminder: false }
      : { kind: 'wait', wakeAt: due };
  }
  if (changed) {
    // More (or other) objects drifted since the alert: a new group, announced after its own window.
    return {
      kind: 'open',
      state: { firstSeen: state.firstSeen, detectedAt: now, keys },
      wakeAt: now + opts.groupWaitMs,
    };
  }
  const remindAt = state.sentAt + opts.reminderMs;
  return now >= remindAt ? { kind: 'alert', state, reminder: true } : { kind: 'wait', wakeAt: remindAt };
}

/** `f:spec` / `f:replicas` → `spec.replicas`; list items by key `[name=web]` or value. */
export function fieldPaths(fieldsV1: unknown, prefix = ''): string[] {
  if (!fieldsV1 || typeof fieldsV1 !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(fieldsV1 as Record<string, unknown>)) {
    if (k === '.') continue;
    let part: string;
    if (k.startsWith('f:')) part = prefix ? `${prefix}.${k.slice(2)}` : k.slice(2);
    else if (k.startsWith('k:')) {
      let label = k.slice(2);
      try {
        label = Object.entries(JSON.parse(label) as Record<string, unknown>)
          .map(([a, b]) => `${a}=${String(b)}`)
          .join(',');
      } catch {
        /* keep as written */
      }
      part = `${prefix}[${label}]`;
    } else if (k.startsWith('v:')) part = `${prefix}[${k.slice(2)}]`;
    else if (k.startsWith('i:')) part = `${prefix}[${k.slice(2)}]`;
    else continue;
    const children = v && typeof v === 'object' ? Object.keys(v).filter((c) => c !== '.') : [];
    if (children.length === 0) out.push(part);
    else out.push(...fieldPaths(v, part));
  }
  return out;
}

/** The managers other than ours that wrote to the object since `since` (newest first), with their fields. */
export function changesOf(live: KubeObject, ourManager: string, since?: string): DriftChange[] {
  const entries = (live.metadata.managedFields ?? []) as {
    manager?: string;
    operation?: string;
    subresource?: string;
    time?: string;
    fieldsV1?: unknown;
  }[];
  const others = entries
    .filter((e) => e.manager && e.manager !== ourManager && !e.manager.startsWith('kube-') && e.fieldsV1)
    .sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
  const recent = since ? others.filter((e) => (e.time ?? '') >= since) : [];
  const chosen = recent.length > 0 ? recent : others.slice(0, 1);
  return chosen.map((e) => ({
    manager: e.manager ?? '',
    ...(e.operation ? { operation: e.operation } : {}),
    ...(e.subresource ? { subresource: e.subresource } : {}),
    ...(e.time ? { time: e.time } : {}),
    fields: fieldPaths(e.fieldsV1)
      .filter((f) => !f.startsWith('metadata.managedFields'))
      .slice(0, 30),
  }));
}

/** Identifies one drift: the app, the drifted objects and the fields changed in them. */
export function driftFingerprint(app: string, resources: readonly DriftedResource[]): string {
  const h = createHash('sha256').update(app);
  for (const r of [...resources].sort((a, b) =>
    `${a.kind}/${a.namespace}/${a.name}`.localeCompare(`${b.kind}/${b.namespace}/${b.name}`),
  )) {
    h.update(`\n${r.group}/${r.kind}/${r.namespace}/${r.name}`);
    for (const c of r.changes) h.update(`|${c.manager}:${[...c.fields].sort().join(',')}`);
  }
  return h.digest('hex').slice(0, 16);
}
