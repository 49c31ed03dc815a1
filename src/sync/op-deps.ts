// What running an operation needs from the outside: the cluster, its live cache, health, a clock.
import type { HealthStatusCode, KubeObject, ResourceKey } from '../model/index.js';
import type { Timers } from '../common/timers.js';
import type { ApiResource } from '../kube/api-resource.js';
import type { KubeClient } from '../kube/client.js';
import type { Discovery } from '../kube/discovery.js';
import type { SyncTask } from './plan-types.js';

export interface HealthResult {
  status: HealthStatusCode;
  message?: string | undefined;
}

/** The part of the controller's live cache an operation waits on (no polling GETs). */
export interface LiveView {
  get(key: ResourceKey): KubeObject | undefined;
  /** Subscribes to changes; returns the unsubscribe function. */
  on(listener: (type: string, obj: KubeObject, oldObj: KubeObject | undefined) => void): () => void;
  /** Starts watching group/kind (a kind whose CRD this sync created) and resolves once listed. */
  ensureType(group: string, kind: string): Promise<ApiResource>;
}

export interface OpDeps {
  client: KubeClient;
  discovery: Discovery;
  live: LiveView;
  timers: Timers;
  /** Health of a live object (built-in assessors plus custom overrides). */
  assessHealth: (obj: KubeObject) => HealthResult;
  fieldManager: string;
  /**
   * Written on every hook this attempt creates (`driftless.dev/operation`): a hook found with it
   * after a restart is this attempt's, and is adopted and awaited instead of created again.
   */
  operationId: string;
  /** Aborted to stop waiting: TERMINATE when the user terminates, any other reason on shutdown. */
  signal?: AbortSignal;
  /** Parallel requests within one step. */
  parallelism?: number;
  /**
   * Whether a server-side dry run of exactly this task's object, against the live object as now cached,
   * already passed (the comparison's server-side diff made it): the pre-flight does not send it again.
   */
  dryRunPassed?: (task: SyncTask) => boolean;
  /** Told of each object a real server-side apply wrote, as the server answered (the next comparison needs no dry run). */
  applied?: (task: SyncTask, written: KubeObject) => void;
  /** What the project's guardrails refuse in a desired object (messages); checked in the pre-flight. */
  guardrail?: (obj: KubeObject) => readonly string[];
}

/** The abort reason that means "the user terminated the operation" (anything else: the controller stops). */
export const TERMINATE = 'terminate';

/** The annotation that ties a hook object to the operation attempt that created it. */
export const ANNOTATION_OPERATION = 'driftless.dev/operation';
