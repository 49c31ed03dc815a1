// How applications, their resources and their history are shown: table rows per output format, pure.
import type { Application, ApplicationSource, ResourceStatus, RevisionHistory } from '../../model/index.js';
import { primarySource } from '../../model/application.js';
import type { ControllerShard } from '../../controller/sharding/shard-directory.js';
import type { OutputFormat } from '../output.js';

export const APP_HEADERS = ['NAME', 'PROJECT', 'SYNC', 'HEALTH', 'REVISION', 'DESTINATION'];
export const APP_WIDE_HEADERS = [...APP_HEADERS, 'REPO', 'PATH', 'TARGET', 'SYNCPOLICY', 'CONDITIONS'];

/** The list fields the table (and the wide table) shows, for `?fields=`: tables need no more of the apps. */
export const APP_FIELDS = [
  'items.metadata.name',
  'items.spec.project',
  'items.spec.destination',
  'items.status.sync.status',
  'items.status.sync.revision',
  'items.status.health.status',
];
export const APP_WIDE_FIELDS = [
  ...APP_FIELDS,
  'items.spec.source',
  'items.spec.sources',
  'items.spec.syncPolicy',
  'items.status.conditions',
];

export function syncPolicyLabel(app: Application): string {
  const auto = app.spec.syncPolicy?.automated;
  if (!auto || auto.enabled === false) return 'Manual';
  const extras = [auto.prune ? 'Prune' : '', auto.selfHeal ? 'SelfHeal' : ''].filter(Boolean);
  return ['Auto', ...extras].join('-');
}

export function destinationLabel(app: Application): string {
  const d = app.spec.destination;
  return `${d.name ?? d.server ?? ''}/${d.namespace ?? ''}`;
}

const short = (rev: string | undefined) =>
  rev && /^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 7) : (rev ?? '');

export function appRow(app: Application, wide: boolean): string[] {
  const s = app.status;
  const row = [
    app.metadata.name,
    app.spec.project,
    s?.sync?.status ?? 'Unknown',
    s?.health?.status ?? 'Unknown',
    short(s?.sync?.revision),
    destinationLabel(app),
  ];
  if (!wide) return row;
  const src = primarySource(app.spec);
  const conditions = (s?.conditions ?? []).map((c) => c.type).join(',');
  return [
    ...row,
    src?.repoURL ?? '',
    src?.path ?? src?.chart ?? '',
    src?.targetRevision ?? 'HEAD',
    syncPolicyLabel(app),
    conditions || '<none>',
  ];
}

/** `controller-1 (shard 1, pinned by its cluster; 3 replicas)`: who reconciles the app and why. */
export function shardLabel(s: ControllerShard): string {
  const why = s.placedBy === 'shard' ? 'pinned by its cluster' : `hashed by ${s.placedBy}`;
  const index = s.index === undefined ? '' : `shard ${s.index}, `;
  return `${s.replica} (${index}${why}; ${s.replicas} replica${s.replicas === 1 ? '' : 's'})`;
}

/** The key/value summary `app get` prints; `at` shows that source of a multi-source app (--source-position). */
export function appSummary(app: Application, at?: number): [string, string][] {
  const src = at === undefined ? primarySource(app.spec) : app.spec.sources?.[at];
  const s = app.status;
  const revision = at === undefined ? s?.sync?.revision : s?.sync?.revisions?.[at];
  const op = s?.operationState;
  const lines: [string, string][] = [
    ['Name', app.metadata.name],
    ['Project', app.spec.project],
    ['Server', app.spec.destination.name ?? app.spec.destination.server ?? ''],
    ['Namespace', app.spec.destination.namespace ?? ''],
    ['Repo', src?.repoURL ?? ''],
    ['Target', src?.targetRevision ?? 'HEAD'],
    ['Path', src?.path ?? src?.chart ?? ''],
    ['SyncPolicy', syncPolicyLabel(app)],
    ['Sync Status', `${s?.sync?.status ?? 'Unknown'}${revision ? ` to ${short(revision)}` : ''}`],
    ['Health Status', s?.health?.status ?? 'Unknown'],
  ];
  const shard = (s as { controllerShard?: ControllerShard } | undefined)?.controllerShard;
  if (shard) lines.push(['Controller Shard', shardLabel(shard)]);
  if (op) lines.push(['Operation', `${op.phase}${op.message ? `: ${op.message}` : ''}`]);
  for (const c of s?.conditions ?? []) lines.push([c.type, c.message]);
  return lines;
}

export const RESOURCE_HEADERS = ['GROUP', 'KIND', 'NAMESPACE', 'NAME', 'STATUS', 'HEALTH'];

export function resourceRow(r: ResourceStatus, wide: boolean): string[] {
  const row = [r.group, r.kind, r.namespace, r.name, r.status, r.health?.status ?? ''];
  return wide ? [...row, r.requiresPruning ? 'requires pruning' : '', r.health?.message ?? ''] : row;
}

export const HISTORY_HEADERS = ['ID', 'DATE', 'REVISION', 'SOURCE'];

export function historyRow(h: RevisionHistory): string[] {
  const one = (s: ApplicationSource) => `${s.repoURL}${s.path ? ` ${s.path}` : s.chart ? ` ${s.chart}` : ''}`;
  // A multi-source entry: each source's revision and source, in order (as argocd prints them).
  if (h.revisions?.length)
    return [String(h.id), h.deployedAt, h.revisions.join(', '), (h.sources ?? []).map(one).join(', ')];
  return [String(h.id), h.deployedAt, h.revision, h.source ? one(h.source) : ''];
}

/** The entry a rollback without ID goes to: the one before the latest. */
export function previousHistoryId(history: RevisionHistory[]): number | undefined {
  const ids = history.map((h) => h.id).sort((a, b) => a - b);
  return ids.length >= 2 ? ids[ids.length - 2] : undefined;
}

export function isStructured(format: OutputFormat): format is 'json' | 'yaml' {
  return format === 'json' || format === 'yaml';
}
