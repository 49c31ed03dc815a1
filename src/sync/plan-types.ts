// The values a sync plan is made of: its input, tasks grouped by phase and wave, skips and refusals.
import type { KubeObject, ResourceKey, SyncOperation, SyncPolicy } from '../model/index.js';
import type { CompareOptions, SyncOptions } from './sync-options.js';

export type SyncPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail' | 'PostDelete';
export type HookDeletePolicy = 'HookSucceeded' | 'HookFailed' | 'BeforeHookCreation';
export type TaskKind = 'apply' | 'prune' | 'hook';

export interface SyncTask {
  /** Unique within a plan (one hook object may yield a task in several phases). */
  id: string;
  kind: TaskKind;
  phase: SyncPhase;
  wave: number;
  /** `keyString` of the object (for generateName hooks: of the name generated for this operation). */
  key: string;
  resource: ResourceKey;
  /** What to apply (absent for prune tasks). */
  desired?: KubeObject;
  /** The object as it is now, when it exists and is tracked as this app's. */
  live?: KubeObject;
  syncOptions: SyncOptions;
  compareOptions: CompareOptions;
  /** Hooks only; never empty (BeforeHookCreation when none is set), empty only for kept hooks. */
  hookDeletePolicies?: HookDeletePolicy[];
  /** `helm.sh/resource-policy: keep`: the executor never deletes this object. */
  keep?: boolean;
  /** The destination Namespace added by CreateNamespace=true. */
  managedNamespace?: boolean;
}

/** Tasks the executor runs together, then waits until all are healthy (hooks: completed). */
export interface SyncWave {
  wave: number;
  tasks: SyncTask[];
}

export interface PhasePlan {
  phase: SyncPhase;
  waves: SyncWave[];
}

export type SkipReason =
  | 'not-selected'
  | 'in-sync'
  | 'skip-hook'
  | 'hook-not-run'
  | 'prune-disabled'
  | 'prune-false'
  | 'prune-awaiting-confirmation'
  | 'resource-policy-keep';

export interface SkippedResource {
  key: string;
  reason: SkipReason;
  message: string;
  /** Set when the skip is reported as a resource result (Argo CD's PruneSkipped). */
  result?: 'PruneSkipped';
}

export interface SyncPlan {
  kind: 'SyncPlan';
  dryRun: boolean;
  /** Always PreSync, Sync, PostSync in that order; Sync ends with its prune waves (highest wave first). */
  phases: PhasePlan[];
  /** Pruned after PostSync, highest wave first (PruneLast=true). */
  pruneLast: SyncTask[];
  /** Run only when the operation fails. */
  syncFail: SyncWave[];
  /** Never run by a sync; run after the Application is deleted. */
  postDelete: SyncWave[];
  skipped: SkippedResource[];
  /** Keys whose pruning waits for `argocd.argoproj.io/deletion-approved` (the operation stays Running). */
  awaitingConfirmation: string[];
  warnings: string[];
}

export interface PlanProblem {
  key: string;
  message: string;
}

export interface PlanRefusal {
  kind: 'PlanRefusal';
  reason: 'EmptyDesiredWithPrune' | 'InvalidResources' | 'ForbiddenResources';
  message: string;
  problems: PlanProblem[];
}

export interface PlanInput {
  appName: string;
  destinationNamespace: string;
  /** Rendered from Git, namespaces already filled in for namespaced kinds. */
  desired: readonly KubeObject[];
  /** keyString → live object tracked as this app's. */
  live: ReadonlyMap<string, KubeObject>;
  /** keyString → compare result of that resource. */
  compare: ReadonlyMap<string, { modified: boolean }>;
  /** The app's sync policy: syncOptions, managedNamespaceMetadata, automated.allowEmpty. */
  syncPolicy?: SyncPolicy;
  operation: SyncOperation;
  /** Pruning allowed (automated.prune, or operation.sync.prune). */
  prune: boolean;
  dryRun: boolean;
  /** Defaults to syncPolicy.automated.allowEmpty. */
  allowEmpty?: boolean;
  /** The Application carries `argocd.argoproj.io/deletion-approved` newer than the operation start. */
  pruneConfirmed?: boolean;
  /** Whether the destination namespace exists in the cluster (tracked or not); for CreateNamespace. */
  destinationNamespaceExists?: boolean;
  /** Operation start (ISO 8601); seeds the names of generateName hooks. */
  startedAt: string;
  /**
   * The app's project rule for kinds (AppProject resource white/blacklists): undefined when a
   * group/kind may be synced, else why not. Any refusal fails the plan before anything is applied.
   */
  permitted?: ((res: { group: string; kind: string; namespaced: boolean }) => string | undefined) | undefined;
}
