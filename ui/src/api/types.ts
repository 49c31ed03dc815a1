// The HTTP API's shapes as the UI reads them; Application/AppProject come from the shared model (types only).
export type {
  Application,
  AppProject,
  ApplicationSource,
  ApplicationDestination,
  ApplicationSpec,
  ApplicationStatus,
  ApplicationCondition,
  HealthStatusCode,
  SyncStatusCode,
  OperationState,
  ResourceResult,
  ResourceStatus,
  RevisionHistory,
  SyncPolicy,
} from '../../../src/model/application.js';
export type {
  ApplicationSet,
  ApplicationSetApplicationStatus,
  ApplicationSetCondition,
  ApplicationSetResource,
  Generator,
} from '../../../src/model/applicationset.js';

export type { ParameterAnnouncement } from '../../../src/model/plugin-announcement.js';

import type { Application } from '../../../src/model/application.js';
import type { ParameterAnnouncement } from '../../../src/model/plugin-announcement.js';

export interface ListMeta {
  continue?: string;
  remainingItemCount?: number;
  resourceVersion?: string;
}
export interface ApplicationList {
  metadata: ListMeta;
  items: Application[] | null;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface ApplicationWatchEvent {
  type: WatchEventType;
  application: Application;
}

/** GET /api/v1/settings: what the login page offers (the SSO provider's name, never its secret). */
export interface PublicSettings {
  url: string;
  oidcConfig?: { name: string; issuer: string };
}

export interface UserInfo {
  loggedIn: boolean;
  username?: string;
  iss?: string;
  groups?: string[];
}

export interface ResourceRef {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
}
export interface ResourceNode extends ResourceRef {
  version: string;
  uid: string;
  parentRefs?: ResourceRef[];
  health?: { status: string; message?: string };
  info?: { name: string; value: string }[];
  createdAt?: string;
}
export interface ResourceAction {
  name: string;
  disabled?: boolean;
  displayName?: string;
  params?: { name: string; type?: string; default?: string }[];
}
export interface LogEntry {
  content?: string;
  podName?: string;
  timeStamp?: string;
  timeStampStr?: string;
  last?: boolean;
}
export interface ResourceTree {
  nodes: ResourceNode[] | null;
}

export interface ManagedResource {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  liveState?: string;
  targetState?: string;
  normalizedLiveState?: string;
  predictedLiveState?: string;
  diff?: string;
  modified?: boolean;
}
export interface ManagedResourceList {
  items: ManagedResource[] | null;
}

export interface KubeEvent {
  metadata: { name: string; uid?: string; namespace?: string };
  involvedObject: { kind: string; name: string; namespace?: string; uid?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
}
export interface EventList {
  items: KubeEvent[] | null;
}

export interface ConnectionState {
  status: string;
  message?: string;
  attemptedAt?: string;
}
export interface Repository {
  repo: string;
  type?: string;
  name?: string;
  project?: string;
  username?: string;
  insecure?: boolean;
  enableOCI?: boolean;
  hasCredentials?: boolean;
  inheritedCreds?: boolean;
  connectionState?: ConnectionState;
}
/** A credential template as listed: its URL prefix and settings, never its secrets. */
export interface RepoCreds {
  url: string;
  type?: string;
  username?: string;
  project?: string;
}
/** What "Connect repository" sends (Argo CD's Repository fields; secrets go in, never come back). */
export interface RepositoryInput {
  repo: string;
  type?: 'git' | 'helm';
  name?: string;
  project?: string;
  username?: string;
  password?: string;
  sshPrivateKey?: string;
  insecure?: boolean;
  enableOCI?: boolean;
}
export interface Cluster {
  server: string;
  name: string;
  connectionState?: ConnectionState;
  info?: {
    serverVersion?: string;
    applicationsCount?: number;
    connectionState?: ConnectionState;
    cacheInfo?: { resourcesCount?: number; apisCount?: number; lastCacheSyncTime?: string };
  };
  namespaces?: string[];
  project?: string;
  labels?: Record<string, string>;
}
/** What "Register cluster" sends (Argo CD's cluster fields; credentials go in, never come back). */
export interface ClusterInput {
  server: string;
  name: string;
  config: { bearerToken?: string; tlsClientConfig?: { caData?: string; insecure?: boolean } };
  namespaces?: string[];
  project?: string;
}
export interface Account {
  name: string;
  enabled: boolean;
  capabilities?: string[];
  tokens?: { id: string; issuedAt: number; expiresAt?: number }[];
}
export interface ItemList<T> {
  items: T[] | null;
}

export interface RevisionMetadata {
  author?: string;
  date?: string;
  message?: string;
  tags?: string[];
}

export interface SyncRequest {
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
  resources?: { group: string; kind: string; name: string; namespace: string }[];
  syncOptions?: { items: string[] };
}
export interface RollbackRequest {
  id: number;
  prune?: boolean;
  dryRun?: boolean;
}

export type { GitRollbackResult } from '../../../src/model/git-rollback.js';

/** POST …/appdetails: the tool at a source's path; for a config management plugin, what it announces. */
export interface AppDetails {
  type: string;
  plugin?: { name: string; parametersAnnouncement: ParameterAnnouncement[] };
}
