// Comparing one app: its desired objects against what the cluster has tracked as the app's.
// Pure: the per-object comparison and health assessment are passed in.
import type {
  Application,
  ApplicationCondition,
  HealthStatusCode,
  KubeObject,
  ResourceStatus,
  SyncStatusCode,
} from '../model/index.js';
import {
  ANNOTATION_INSTALLATION_ID,
  ANNOTATION_TRACKING_ID,
  describeKey,
  keyOf,
  keyString,
  splitApiVersion,
} from '../model/index.js';
import { parseTrackingId } from '../model/tracking.js';
import { hookInfo } from '../sync/hooks.js';
import { parseCompareOptions } from '../sync/sync-options.js';

export interface HealthResult {
  status: HealthStatusCode;
  message?: string | undefined;
}

export interface AppCompareInput {
  app: Application;
  /** The app part of tracking ids written for this app. */
  instance: string;
  /** Rendered from Git: namespaces filled in, tracking annotation added (hooks excluded from tracking). */
  desired: readonly KubeObject[];
  /** Live objects tracked as this app's (by the configured tracking method). */
  tracked: readonly KubeObject[];
  /** Any live object by key, tracked or not (to find shared resources). */
  liveByKey: (key: string) => KubeObject | undefined;
  compareObject: (
    desired: KubeObject,
    live: KubeObject | undefined,
  ) => { modified: boolean; reason?: string | undefined };
  assessHealth: (obj: KubeObject) => HealthResult;
  /** Whether a live object belongs to this installation (see ControllerConfig.installationID). */
  isThisInstallation?: (obj: KubeObject) => boolean;
  /** What the project's guardrails refuse in a desired object; each message becomes a GuardrailViolation. */
  guardrail?: (obj: KubeObject) => readonly string[];
}

export interface AppComparison {
  syncStatus: SyncStatusCode;
  health: HealthResult;
  resources: ResourceStatus[];
  /** keyString → compare result, for the sync planner. */
  compare: Map<string, { modified: boolean }>;
  /** keyString → live object tracked as this app's, for the planner. */
  live: Map<string, KubeObject>;
  conditions: ApplicationCondition[];
  /** keyString → the app instance that already tracks it: never applied by this app (not stolen). */
  shared: Map<string, string>;
  images: string[];
}

/** Argo CD's order, worst last. */
const HEALTH_ORDER: readonly HealthStatusCode[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

export function worstHealth(statuses: readonly HealthStatusCode[]): HealthStatusCode {
  let worst = 0;
  for (const s of statuses) worst = Math.max(worst, HEALTH_ORDER.indexOf(s));
  return HEALTH_ORDER[worst] ?? 'Unknown';
}

export function compareApp(input: AppCompareInput): AppComparison {
  const live = new Map<string, KubeObject>();
  for (const obj of input.tracked) live.set(keyString(keyOf(obj)), obj);

  const resources: ResourceStatus[] = [];
  const compare = new Map<string, { modified: boolean }>();
  const conditions: ApplicationCondition[] = [];
  const healthOf: { key: string; status: HealthStatusCode; message?: string | undefined }[] = [];
  const desiredKeys = new Set<string>();
  const shared = new Map<string, string>();

  const refused = new Set(input.guardrail ? input.desired.flatMap((o) => input.guardrail?.(o) ?? []) : []);
  for (const message of refused) conditions.push({ type: 'GuardrailViolation', message });
  for (const obj of input.desired) {
    const key = keyString(keyOf(obj));
    desiredKeys.add(key);
    const hook = hookInfo(obj);
    if (hook.isHook || hook.skip) continue; // hooks are not app resources: they never make an app OutOfSync
    let current = live.get(key);
    if (!current) {
      const other = input.liveByKey(key);
      // Tracked by another installation (even under our app's name): never ours to take.
      const foreign =
        other?.metadata.annotations?.[ANNOTATION_TRACKING_ID] !== undefined &&
        input.isThisInstallation?.(other) === false;
      const owner = other ? foreignOwner(other, foreign) : undefined;
      if (other && owner && (owner !== input.instance || foreign)) {
        conditions.push({
          type: 'SharedResourceWarning',
          message: `${describeKey(keyOf(obj))} is part of applications ${input.app.metadata.name} and ${owner}`,
        });
        shared.set(key, owner);
      } else if (other) {
        current = other; // exists but untracked: compare it; the sync adopts it by applying our annotation
      }
    }
    const result = input.compareObject(obj, current);
    compare.set(key, { modified: result.modified });
    const health: HealthResult = current ? input.assessHealth(current) : { status: 'Missing' };
    healthOf.push({ key, status: health.status, message: health.message });
    resources.push(resourceStatus(obj, result.modified ? 'OutOfSync' : 'Synced', health));
  }

  for (const [key, obj] of live) {
    if (desiredKeys.has(key)) continue;
    const hook = hookInfo(obj);
    if (hook.isHook) continue;
    const ignoreExtraneous = parseCompareOptions(obj, key).options.ignoreExtraneous;
    const health = input.assessHealth(obj);
    const status = resourceStatus(obj, ignoreExtraneous ? 'Synced' : 'OutOfSync', health);
    if (!ignoreExtraneous) status.requiresPruning = true;
    resources.push(status);
  }

  resources.sort((a, b) =>
    `${a.group}/${a.kind}/${a.namespace}/${a.name}`.localeCompare(
      `${b.group}/${b.kind}/${b.namespace}/${b.name}`,
    ),
  );
  const syncStatus: SyncStatusCode = resources.some((r) => r.status === 'OutOfSync') ? 'OutOfSync' : 'Synced';
  const worst = worstHealth(healthOf.map((h) => h.status));
  const firstWorst = healthOf.find((h) => h.status === worst && h.status !== 'Healthy');
  const health: HealthResult =
    healthOf.length === 0 ? { status: 'Healthy' } : { status: worst, message: firstWorst?.message };
  return {
    syncStatus,
    health,
    resources,
    compare,
    live,
    conditions,
    shared,
    images: collectImages([...live.values()]),
  };
}

function resourceStatus(obj: KubeObject, status: SyncStatusCode, health: HealthResult): ResourceStatus {
  const { group, version } = splitApiVersion(obj.apiVersion);
  const r: ResourceStatus = {
    group,
    version,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
    status,
  };
  r.health = health.message ? { status: health.status, message: health.message } : { status: health.status };
  return r;
}

/** The app instance a live object's tracking id names, if it tracks itself. */
function foreignOwner(obj: KubeObject, foreign: boolean): string | undefined {
  const raw = obj.metadata.annotations?.[ANNOTATION_TRACKING_ID];
  const instance = raw ? parseTrackingId(raw)?.instance : undefined;
  if (!foreign) return instance;
  const installation = obj.metadata.annotations?.[ANNOTATION_INSTALLATION_ID] ?? 'without an installation ID';
  return `${instance ?? '(untracked)'} of installation ${installation}`;
}

/** Container images of the app's workloads, for status.summary.images. */
export function collectImages(objects: readonly KubeObject[]): string[] {
  const images = new Set<string>();
  const visit = (podSpec: unknown) => {
    if (typeof podSpec !== 'object' || podSpec === null) return;
    const spec = podSpec as { containers?: { image?: string }[]; initContainers?: { image?: string }[] };
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])])
      if (c.image) images.add(c.image);
  };
  for (const obj of objects) {
    const spec = obj.spec as Record<string, unknown> | undefined;
    if (!spec) continue;
    if (obj.kind === 'Pod') visit(spec);
    visit((spec.template as { spec?: unknown } | undefined)?.spec);
    const jobTemplate = spec.jobTemplate as { spec?: { template?: { spec?: unknown } } } | undefined;
    visit(jobTemplate?.spec?.template?.spec);
  }
  return [...images].sort();
}
