// The executor's dependencies and result: what a caller passes in and gets back.
import type { HealthStatusCode, KubeObject, ResourceResult } from '../model/index.js';
import type { KubeClient } from '../kube/client.js';
import type { Discovery } from '../kube/discovery.js';

export interface HealthResult {
  status: HealthStatusCode;
  message?: string | undefined;
}

export interface ExecutorDeps {
  client: KubeClient;
  discovery: Discovery;
  /** Health of a live object (built-in assessors plus custom overrides). */
  assessHealth: (obj: KubeObject) => HealthResult;
  fieldManager: string;
  /** Polling interval while waiting for health (ms). */
  pollMs?: number;
  /** How long one wave may take to become healthy (ms). */
  waveTimeoutMs?: number;
  /** Aborted when the user terminates the operation. */
  signal?: AbortSignal;
  /** Called whenever a resource result is added or changes (for live operationState updates). */
  onProgress?: (results: readonly ResourceResult[]) => void;
  /** Parallel requests within one wave. */
  parallelism?: number;
}

export interface ExecutionResult {
  phase: 'Succeeded' | 'Failed' | 'Error' | 'Terminating';
  message: string;
  resources: ResourceResult[];
}
