// Argo CD's argoproj.io/v1alpha1 Application, AppProject types (the fields Driftless reads and writes).
import type { KubeObject, ObjectMeta } from './kube-object.js';

export const API_GROUP = 'argoproj.io';
export const API_VERSION = 'argoproj.io/v1alpha1';
export const DEFAULT_NAMESPACE = 'argocd';
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
export const IN_CLUSTER_NAME = 'in-cluster';

export const ANNOTATION_TRACKING_ID = 'argocd.argoproj.io/tracking-id';
/** Set on every tracked resource when an installation ID is configured (several instances, one cluster). */
export const ANNOTATION_INSTALLATION_ID = 'argocd.argoproj.io/installation-id';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const ANNOTATION_REFRESH = 'argocd.argoproj.io/refresh';
export const ANNOTATION_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
export const ANNOTATION_COMPARE_OPTIONS = 'argocd.argoproj.io/compare-options';
export const ANNOTATION_SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const ANNOTATION_HOOK = 'argocd.argoproj.io/hook';
export const ANNOTATION_SKIP_RECONCILE = 'argocd.argoproj.io/skip-reconcile';
export const ANNOTATION_HOOK_DELETE_POLICY = 'argocd.argoproj.io/hook-delete-policy';
/** Set on the Application to confirm `Prune=confirm` / `Delete=confirm` resources (ISO timestamp). */
export const ANNOTATION_DELETION_APPROVED = 'argocd.argoproj.io/deletion-approved';
export const ANNOTATION_HELM_HOOK = 'helm.sh/hook';
export const ANNOTATION_HELM_HOOK_WEIGHT = 'helm.sh/hook-weight';
export const ANNOTATION_HELM_HOOK_DELETE_POLICY = 'helm.sh/hook-delete-policy';
export const ANNOTATION_HELM_RESOURCE_POLICY = 'helm.sh/resource-policy';
export const FINALIZER_RESOURCES = 'resources-finalizer.argocd.argoproj.io';
export const FINALIZER_RESOURCES_BACKGROUND = 'resources-finalizer.argocd.argoproj.io/background';

export interface HelmParameter {
  name: string;
  value: string;
  forceString?: boolean;
}
export interface HelmFileParameter {
  name: string;
  path: string;
}
export interface HelmSource {
  releaseName?: string;
  valueFiles?: string[];
  ignoreMissingValueFiles?: boolean;
  values?: string;
  valuesObject?: Record<string, unknown>;
  parameters?: HelmParameter[];
  fileParameters?: HelmFileParameter[];
  namespace?: string;
  skipCrds?: boolean;
  skipTests?: boolean;
  skipSchemaValidation?: boolean;
  kubeVersion?: string;
  apiVersions?: string[];
  passCredentials?: boolean;
  version?: string;
}
export interface KustomizeReplica {
  name: string;
  count: number | string;
}
export interface KustomizePatch {
  path?: string;
  patch?: string;
  target?: Record<string, unknown>;
  options?: Record<string, boolean>;
}
export interface KustomizeSource {
  images?: string[];
  namePrefix?: string;
  nameSuffix?: string;
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
  namespace?: string;
  replicas?: KustomizeReplica[];
  patches?: KustomizePatch[];
  components?: string[];
  forceCommonLabels?: boolean;
  forceCommonAnnotations?: boolean;
  commonAnnotationsEnvsubst?: boolean;
  labelWithoutSelector?: boolean;
  labelIncludeTemplates?: boolean;
  ignoreMissingComponents?: boolean;
  version?: string;
  /** For `kustomize build --enable-helm`: helm's --kube-version and --api-versions. */
  kubeVersion?: string;
  apiVersions?: string[];
}
export interface JsonnetVar {
  name: string;
  value: string;
  code?: boolean;
}
export interface DirectorySource {
  recurse?: boolean;
  include?: string;
  exclude?: string;
  jsonnet?: { extVars?: JsonnetVar[]; tlas?: JsonnetVar[]; libs?: string[] };
}

/** Config management plugin options: which plugin (or discovery), its ARGOCD_ENV_* variables and parameters. */
export interface PluginSource {
  name?: string;
  env?: { name: string; value: string }[];
  parameters?: { name?: string; string?: string; array?: string[]; map?: Record<string, string> }[];
}

export interface ApplicationSource {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
  helm?: HelmSource;
  kustomize?: KustomizeSource;
  directory?: DirectorySource;
  plugin?: PluginSource;
  ref?: string;
  /** Display name of the source in multi-source applications. */
  name?: string;
}

export interface ApplicationDestination {
  server?: string;
  name?: string;
  namespace?: string;
}

export interface RetryBackoff {
  duration?: string;
  factor?: number;
  maxDuration?: string;
}
export interface RetryStrategy {
  limit?: number;
  backoff?: RetryBackoff;
  /** Each retry syncs the latest revision of the source instead of the one first attempted. */
  refresh?: boolean;
}
/**
 * The retry of an automated sync (auto-sync, or an ApplicationSet's RollingSync) when the app sets no
 * `syncPolicy.retry`: Argo CD's default limit of 5 (backoff defaults 5s, ×2, 3m).
 */
export const DEFAULT_AUTOMATED_RETRY: Readonly<RetryStrategy> = { limit: 5 };

export interface SyncPolicy {
  automated?: { prune?: boolean; selfHeal?: boolean; allowEmpty?: boolean; enabled?: boolean } | null;
  syncOptions?: string[];
  retry?: RetryStrategy;
  managedNamespaceMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

export interface ResourceIgnoreDifferences {
  group?: string;
  kind: string;
  name?: string;
  namespace?: string;
  jsonPointers?: string[];
  jqPathExpressions?: string[];
  managedFieldsManagers?: string[];
}

export interface ApplicationSpec {
  project: string;
  source?: ApplicationSource;
  sources?: ApplicationSource[];
  destination: ApplicationDestination;
  syncPolicy?: SyncPolicy;
  ignoreDifferences?: ResourceIgnoreDifferences[];
  revisionHistoryLimit?: number;
  info?: { name: string; value: string }[];
}

export type SyncStatusCode = 'Synced' | 'OutOfSync' | 'Unknown';
export type HealthStatusCode = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';
export type OperationPhase = 'Running' | 'Terminating' | 'Succeeded' | 'Failed' | 'Error';

export interface SyncOperationResource {
  group?: string;
  kind: string;
  name: string;
  namespace?: string;
}
export interface SyncOperation {
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
  resources?: SyncOperationResource[];
  syncOptions?: string[];
  source?: ApplicationSource;
  /** Multi-source apps: one revision per entry of spec.sources (empty: that source's targetRevision). */
  revisions?: string[];
  sources?: ApplicationSource[];
  syncStrategy?: { apply?: { force?: boolean }; hook?: { force?: boolean } };
}
export interface Operation {
  sync?: SyncOperation;
  initiatedBy?: { username?: string; automated?: boolean };
  info?: { name: string; value: string }[];
  retry?: RetryStrategy;
}

export interface ResourceResult {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  status: 'Synced' | 'SyncFailed' | 'Pruned' | 'PruneSkipped';
  message: string;
  hookType?: string;
  hookPhase?: string;
  syncPhase?: string;
  /** Driftless: the sync wave the task ran in (the operation resumes after the last finished wave). */
  syncWave?: number;
  /** Driftless: the uid of the object the task created or applied (a hook is adopted by it on resume). */
  uid?: string;
}

export interface OperationState {
  operation: Operation;
  phase: OperationPhase;
  message?: string;
  syncResult?: {
    resources: ResourceResult[];
    revision: string;
    source?: ApplicationSource;
    revisions?: string[];
    sources?: ApplicationSource[];
  };
  startedAt: string;
  finishedAt?: string;
  retryCount?: number;
}

export interface ResourceStatus {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  status: SyncStatusCode;
  health?: { status: HealthStatusCode; message?: string };
  hook?: boolean;
  requiresPruning?: boolean;
}

export interface RevisionHistory {
  id: number;
  revision: string;
  deployedAt: string;
  deployStartedAt?: string;
  source?: ApplicationSource;
  /** Multi-source apps: the revision of each source, in the order of `sources`. */
  revisions?: string[];
  sources?: ApplicationSource[];
  initiatedBy?: { username?: string; automated?: boolean };
}

export type ConditionType =
  | 'ComparisonError'
  | 'InvalidSpecError'
  | 'SyncError'
  | 'SharedResourceWarning'
  | 'OrphanedResourceWarning'
  | 'RepeatedResourceWarning'
  | 'ExcludedResourceWarning'
  /** Driftless: objects compared without a server-side dry run, and why (see docs/adr/0011). */
  | 'ServerSideDiffWarning'
  /** Driftless: desired objects the AppProject's guardrails refuse (docs/guardrails.md). */
  | 'GuardrailViolation';

export interface ApplicationCondition {
  type: ConditionType;
  message: string;
  lastTransitionTime?: string;
}

export interface ApplicationStatus {
  sync?: {
    status: SyncStatusCode;
    revision?: string;
    /** Multi-source apps: the resolved revision of each entry of spec.sources. */
    revisions?: string[];
    comparedTo?: {
      source?: ApplicationSource;
      sources?: ApplicationSource[];
      destination: ApplicationDestination;
    };
  };
  health?: { status: HealthStatusCode; message?: string };
  resources?: ResourceStatus[];
  operationState?: OperationState;
  history?: RevisionHistory[];
  conditions?: ApplicationCondition[];
  reconciledAt?: string;
  observedAt?: string;
  sourceType?: string;
  summary?: { images?: string[]; externalURLs?: string[] };
}

export interface Application extends KubeObject {
  apiVersion: typeof API_VERSION;
  kind: 'Application';
  metadata: ObjectMeta & { name: string };
  spec: ApplicationSpec;
  status?: ApplicationStatus;
  operation?: Operation;
}

export interface ProjectDestination {
  server?: string;
  name?: string;
  namespace?: string;
}
export interface GroupKind {
  group: string;
  kind: string;
}
export interface AppProjectSpec {
  description?: string;
  sourceRepos?: string[];
  destinations?: ProjectDestination[];
  /** Only clusters whose Secret names this project are permitted destinations. */
  permitOnlyProjectScopedClusters?: boolean;
  clusterResourceWhitelist?: GroupKind[];
  clusterResourceBlacklist?: GroupKind[];
  namespaceResourceWhitelist?: GroupKind[];
  namespaceResourceBlacklist?: GroupKind[];
  roles?: {
    name: string;
    description?: string;
    policies?: string[];
    groups?: string[];
    jwtTokens?: { iat: number; exp?: number; id?: string }[];
  }[];
  syncWindows?: {
    kind: 'allow' | 'deny';
    schedule: string;
    duration: string;
    applications?: string[];
    namespaces?: string[];
    clusters?: string[];
    manualSync?: boolean;
    timeZone?: string;
  }[];
  sourceNamespaces?: string[];
  orphanedResources?: { warn?: boolean; ignore?: { group?: string; kind?: string; name?: string }[] };
  signatureKeys?: { keyID: string }[];
}
export interface AppProject extends KubeObject {
  apiVersion: typeof API_VERSION;
  kind: 'AppProject';
  metadata: ObjectMeta & { name: string };
  spec: AppProjectSpec;
}

/** The single source of an app (Driftless renders `spec.source`, or the first of `spec.sources`). */
export function primarySource(spec: ApplicationSpec): ApplicationSource | undefined {
  return spec.source ?? spec.sources?.[0];
}
