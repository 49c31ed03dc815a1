// A typed client of the Driftless (Argo CD-compatible) HTTP API, with bearer-token auth, over HTTP or
// HTTPS (a CA to trust, or no verification, as the CLI's --server-crt and --insecure ask).
import { ApiClientBase, ApiClientError, enc, STREAM_IDLE_MS } from './api-client-base.js';
import type { Application, ApplicationSet, AppProject, GitRollbackResult } from '../model/index.js';
import type { ResourceDiff } from './managed-resources.js';
import type { PreviewResponse } from './preview-routes.js';
import type { PromoteResult } from './ports.js';
import type { RepoCredsView, RepositoryView } from './repo-secrets.js';
import type { ResourceAction } from '../actions/index.js';
import type { LogEntry } from './app-logs-routes.js';
import type { ResourceNode } from './resource-tree.js';
import type { repositoryValidate } from './schemas.js';
import type { z } from 'zod';

/** Settings a repository or template is created with (Argo CD's Repository fields). */
export type RepositoryInput = Omit<z.input<typeof repositoryValidate>, 'repo'>;

export { ApiClientError, type ClientTls } from './api-client-base.js';

export interface ListOptions {
  projects?: string[];
  selector?: string;
  name?: string[];
  repo?: string;
  limit?: number;
  continue?: string;
  /** Argo CD's `fields`: only these dotted paths of the answer (e.g. `items.metadata.name`). */
  fields?: string[];
}
export interface AppList {
  metadata: { continue?: string; remainingItemCount?: number };
  items: Application[];
}
export interface SyncOptions {
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
  resources?: { group?: string; kind: string; name: string; namespace?: string }[];
  syncOptions?: string[];
}
/** One resource of an app, as the resource routes name it. */
export interface ResourceQuery {
  group?: string;
  kind: string;
  namespace?: string;
  resourceName: string;
}

/** Query of GET …/logs (Argo CD's names). */
export interface LogsQuery {
  podName?: string;
  container?: string;
  namespace?: string;
  kind?: string;
  group?: string;
  resourceName?: string;
  sinceSeconds?: number;
  tailLines?: number;
  follow?: boolean;
  previous?: boolean;
  filter?: string;
  matchCase?: boolean;
}
export interface StreamEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  application: Application;
}

export class ApiClient extends ApiClientBase {
  // Session and accounts
  async login(username: string, password: string): Promise<string> {
    const { token } = await this.request<{ token: string }>('POST', '/api/v1/session', {
      body: { username, password },
    });
    this.token = token;
    return token;
  }
  /** Trades an ID token of the server's SSO provider for a session token (`login --sso`). */
  async loginWithIdToken(idToken: string, opts: { refreshable?: boolean } = {}): Promise<string> {
    const { token } = await this.request<{ token: string }>('POST', '/api/v1/session/oidc', {
      body: { idToken, ...(opts.refreshable ? { refreshable: true } : {}) },
    });
    this.token = token;
    return token;
  }
  settings = () =>
    this.request<{
      url: string;
      oidcConfig?: {
        name: string;
        issuer: string;
        clientID: string;
        cliClientID?: string;
        scopes: string[];
        idTokenClaims?: Record<string, unknown>;
        rootCA?: string;
      };
    }>('GET', '/api/v1/settings');
  logout = () => this.request<object>('DELETE', '/api/v1/session');
  userInfo = () =>
    this.request<{ loggedIn: boolean; username: string; iss: string; groups: string[] }>(
      'GET',
      '/api/v1/session/userinfo',
    );
  listAccounts = () =>
    this.request<{ items: { name: string; enabled: boolean; capabilities: string[] }[] }>(
      'GET',
      '/api/v1/account',
    );
  getAccount = (name: string) =>
    this.request<{ name: string; enabled: boolean; capabilities: string[] }>(
      'GET',
      `/api/v1/account/${enc(name)}`,
    );
  updatePassword = (currentPassword: string, newPassword: string, name?: string) =>
    this.request<object>('PUT', '/api/v1/account/password', {
      body: { currentPassword, newPassword, ...(name ? { name } : {}) },
    });
  createAccountToken = (name: string, opts: { expiresIn?: number; id?: string } = {}) =>
    this.request<{ token: string }>('POST', `/api/v1/account/${enc(name)}/token`, { body: opts }).then(
      (r) => r.token,
    );
  deleteAccountToken = (name: string, id: string) =>
    this.request<object>('DELETE', `/api/v1/account/${enc(name)}/token/${enc(id)}`);
  canI = (resource: string, action: string, object: string) =>
    this.request<{ value: 'yes' | 'no' }>(
      'GET',
      `/api/v1/account/can-i/${enc(resource)}/${enc(action)}/${object.split('/').map(enc).join('/')}`,
    ).then((r) => r.value === 'yes');

  // Applications
  listApplications = (o: ListOptions = {}) =>
    this.request<AppList>('GET', '/api/v1/applications', {
      query: {
        projects: o.projects,
        selector: o.selector,
        name: o.name,
        repo: o.repo,
        limit: o.limit,
        continue: o.continue,
        fields: o.fields?.length ? o.fields.join(',') : undefined,
      },
    });
  getApplication = (name: string, refresh?: 'normal' | 'hard') =>
    this.request<Application>('GET', `/api/v1/applications/${enc(name)}`, { query: { refresh } });
  createApplication = (app: Application, upsert = false) =>
    this.request<Application>('POST', '/api/v1/applications', {
      query: { upsert: upsert || undefined },
      body: app,
    });
  updateApplication = (app: Application) =>
    this.request<Application>('PUT', `/api/v1/applications/${enc(app.metadata.name)}`, { body: app });
  patchApplication = (name: string, patch: unknown, patchType: 'merge' | 'json' = 'merge') =>
    this.request<Application>('PATCH', `/api/v1/applications/${enc(name)}`, {
      body: { patch: JSON.stringify(patch), patchType },
    });
  deleteApplication = (
    name: string,
    opts: { cascade?: boolean; propagationPolicy?: 'foreground' | 'background' } = {},
  ) =>
    this.request<object>('DELETE', `/api/v1/applications/${enc(name)}`, {
      query: { cascade: opts.cascade, propagationPolicy: opts.propagationPolicy },
    });
  syncApplication = (name: string, opts: SyncOptions = {}) =>
    this.request<Application>('POST', `/api/v1/applications/${enc(name)}/sync`, {
      body: { ...opts, ...(opts.syncOptions ? { syncOptions: { items: opts.syncOptions } } : {}) },
    });
  rollbackApplication = (name: string, id: number, opts: { prune?: boolean; dryRun?: boolean } = {}) =>
    this.request<Application>('POST', `/api/v1/applications/${enc(name)}/rollback`, {
      body: { id, ...opts },
    });
  gitRollback = (name: string, body: { to?: string; author?: string }) =>
    this.request<GitRollbackResult>('POST', `/api/v1/applications/${enc(name)}/git-rollback`, { body });
  promote = (name: string, body: { from: string; to?: string; values?: string[]; author?: string }) =>
    this.request<PromoteResult>('POST', `/api/v1/applications/${enc(name)}/promote`, { body });
  terminateOperation = (name: string) =>
    this.request<object>('DELETE', `/api/v1/applications/${enc(name)}/operation`);
  resourceTree = (name: string) =>
    this.request<{ nodes: ResourceNode[] }>('GET', `/api/v1/applications/${enc(name)}/resource-tree`);
  managedResources = (name: string) =>
    this.request<{ items: ResourceDiff[] }>('GET', `/api/v1/applications/${enc(name)}/managed-resources`);
  /** At targetRevision, or `revision` (one source), or `revisions` for 1-based `sourcePositions` (several). */
  manifests = (
    name: string,
    at: { revision?: string; sourcePositions?: string[]; revisions?: string[] } = {},
  ) =>
    this.request<{ manifests: string[]; revision: string; revisions?: string[]; sourceType: string }>(
      'GET',
      `/api/v1/applications/${enc(name)}/manifests`,
      { query: { revision: at.revision, sourcePositions: at.sourcePositions, revisions: at.revisions } },
    );
  preview = (body: { repoURL: string; base: string; head: string }) =>
    this.request<PreviewResponse>('POST', '/api/v1/preview', { body });
  events = (name: string) =>
    this.request<{ items: Record<string, unknown>[] }>('GET', `/api/v1/applications/${enc(name)}/events`);

  /**
   * Streams application events until `signal` aborts: the current apps first (ADDED), then changes; with
   * `resourceVersion` (a list was read first) changes only, unless `name` is given (as Argo CD).
   */
  async *watchApplications(
    opts: Pick<ListOptions, 'projects' | 'selector' | 'name'> & {
      resourceVersion?: string;
      /** Argo CD's `fields` for streams: `result.application.<path>`. */
      fields?: string[];
    } = {},
    signal?: AbortSignal,
  ): AsyncGenerator<StreamEvent> {
    await this.freshen();
    const res = await this.transport.stream({
      method: 'GET',
      path: this.path('/api/v1/stream/applications', {
        projects: opts.projects,
        selector: opts.selector,
        name: opts.name,
        resourceVersion: opts.resourceVersion,
        fields: opts.fields?.length ? opts.fields.join(',') : undefined,
      }),
      headers: this.token ? { Authorization: `Bearer ${this.token}` } : {},
      idleTimeoutMs: STREAM_IDLE_MS,
      ...(signal ? { signal } : {}),
    });
    if (res.status < 200 || res.status >= 300)
      throw new ApiClientError(res.status, `stream refused: ${res.body}`);
    // Each event is one `data:` line (the server writes JSON on one line); `:` lines are keepalives.
    for await (const line of res.lines) {
      if (line.startsWith('data: ')) yield (JSON.parse(line.slice(6)) as { result: StreamEvent }).result;
    }
  }

  resourceActions = (name: string, r: ResourceQuery) =>
    this.request<{ actions: ResourceAction[] }>('GET', `/api/v1/applications/${enc(name)}/resource/actions`, {
      query: { ...r },
    }).then((x) => x.actions);
  runResourceAction = (
    name: string,
    r: ResourceQuery,
    action: string,
    params: { name: string; value: string }[] = [],
  ) =>
    this.request<object>('POST', `/api/v1/applications/${enc(name)}/resource/actions/v2`, {
      body: { ...r, action, resourceActionParameters: params },
    });
  deleteResource = (name: string, r: ResourceQuery, opts: { force?: boolean; orphan?: boolean } = {}) =>
    this.request<object>('DELETE', `/api/v1/applications/${enc(name)}/resource`, {
      query: { ...r, force: opts.force || undefined, orphan: opts.orphan || undefined },
    });
  patchResource = (name: string, r: ResourceQuery, patch: string, patchType: string) =>
    this.request<{ manifest: string }>('POST', `/api/v1/applications/${enc(name)}/resource`, {
      query: { ...r, patchType },
      body: patch,
    });

  /** Log lines of the app's pods (see GET …/logs); ends after the last line, or when `signal` aborts a followed log. */
  async *applicationLogs(name: string, q: LogsQuery, signal?: AbortSignal): AsyncGenerator<LogEntry> {
    await this.freshen();
    const res = await this.transport.stream({
      method: 'GET',
      path: this.path(`/api/v1/applications/${enc(name)}/logs`, { ...q }),
      headers: this.token ? { Authorization: `Bearer ${this.token}` } : {},
      idleTimeoutMs: q.follow ? 24 * 3600_000 : STREAM_IDLE_MS,
      ...(signal ? { signal } : {}),
    });
    if (res.status < 200 || res.status >= 300) throw this.errorOf(res.status, res.body);
    for await (const line of res.lines) {
      const { result } = JSON.parse(line) as { result: LogEntry };
      if (result.last) return;
      yield result;
    }
  }

  // ApplicationSets
  listAppSets = () => this.request<{ items: ApplicationSet[] }>('GET', '/api/v1/applicationsets');
  getAppSet = (name: string) => this.request<ApplicationSet>('GET', `/api/v1/applicationsets/${enc(name)}`);
  appSetApplications = (name: string) =>
    this.request<{ items: Application[] }>('GET', `/api/v1/applicationsets/${enc(name)}/applications`);
  createAppSet = (set: ApplicationSet, upsert = false) =>
    this.request<ApplicationSet>('POST', '/api/v1/applicationsets', {
      body: set,
      query: { upsert: upsert ? 'true' : undefined },
    });
  deleteAppSet = (name: string) => this.request<object>('DELETE', `/api/v1/applicationsets/${enc(name)}`);
  generateAppSet = (set: ApplicationSet) =>
    this.request<{ applications: Application[] }>('POST', '/api/v1/applicationsets/generate', {
      body: { applicationSet: set },
    });

  // Projects, repositories, clusters, version
  listProjects = () => this.request<{ items: AppProject[] }>('GET', '/api/v1/projects');
  getProject = (name: string) => this.request<AppProject>('GET', `/api/v1/projects/${enc(name)}`);
  createProject = (project: AppProject, upsert = false) =>
    this.request<AppProject>('POST', '/api/v1/projects', { body: { project, upsert } });
  updateProject = (project: AppProject) =>
    this.request<AppProject>('PUT', `/api/v1/projects/${enc(project.metadata.name)}`, { body: { project } });
  deleteProject = (name: string) => this.request<object>('DELETE', `/api/v1/projects/${enc(name)}`);
  activeSyncWindows = (project: string, app?: string) =>
    this.request<{ windows: NonNullable<AppProject['spec']['syncWindows']> }>(
      'GET',
      `/api/v1/projects/${enc(project)}/syncwindows`,
      { query: { app } },
    );
  createProjectToken = (project: string, role: string, opts: { expiresIn?: number; id?: string } = {}) =>
    this.request<{ token: string }>('POST', `/api/v1/projects/${enc(project)}/roles/${enc(role)}/token`, {
      body: opts,
    }).then((r) => r.token);
  deleteProjectToken = (project: string, role: string, iat: number, id?: string) =>
    this.request<object>('DELETE', `/api/v1/projects/${enc(project)}/roles/${enc(role)}/token/${iat}`, {
      query: { id },
    });
  listRepositories = (opts: { forceRefresh?: boolean } = {}) =>
    this.request<{ items: RepositoryView[] }>('GET', '/api/v1/repositories', {
      query: { forceRefresh: opts.forceRefresh || undefined },
    });
  getRepository = (url: string, opts: { forceRefresh?: boolean; appProject?: string } = {}) =>
    this.request<RepositoryView>('GET', `/api/v1/repositories/${enc(url)}`, {
      query: { forceRefresh: opts.forceRefresh || undefined, appProject: opts.appProject },
    });
  createRepository = (repo: RepositoryInput & { repo: string }, upsert = false) =>
    this.request<RepositoryView>('POST', '/api/v1/repositories', {
      query: { upsert: upsert || undefined },
      body: repo,
    });
  deleteRepository = (url: string, opts: { appProject?: string } = {}) =>
    this.request<object>('DELETE', `/api/v1/repositories/${enc(url)}`, {
      query: { appProject: opts.appProject },
    });
  listRepoCreds = () => this.request<{ items: RepoCredsView[] }>('GET', '/api/v1/repocreds');
  createRepoCreds = (creds: RepositoryInput & { url: string }, upsert = false) =>
    this.request<RepoCredsView>('POST', '/api/v1/repocreds', {
      query: { upsert: upsert || undefined },
      body: creds,
    });
  deleteRepoCreds = (url: string) => this.request<object>('DELETE', `/api/v1/repocreds/${enc(url)}`);
  version = () => this.request<{ Version: string }>('GET', '/api/version');
}
