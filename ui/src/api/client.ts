// The typed HTTP client for Driftless's Argo CD-compatible API: every path and shape the UI uses is here.
import { ApiError, messageFromBody } from './errors.ts';
import type {
  Account,
  AppDetails,
  AppProject,
  Application,
  ApplicationSet,
  ApplicationList,
  ApplicationSource,
  Cluster,
  ClusterInput,
  EventList,
  ItemList,
  ManagedResourceList,
  RepoCreds,
  Repository,
  RepositoryInput,
  LogEntry,
  ResourceAction,
  ResourceRef,
  ResourceTree,
  RevisionMetadata,
  RollbackRequest,
  GitRollbackResult,
  SyncRequest,
  PublicSettings,
  UserInfo,
} from './types.ts';

export interface ListApplicationsQuery {
  projects?: string[];
  selector?: string;
  name?: string;
  limit?: number;
  continue?: string;
  /** Argo CD's `fields`: only these dotted paths of the answer, e.g. `items.metadata.name`. */
  fields?: string[];
}

/**
 * What the applications page shows (tiles, table, filters, last sync), for `listApplications({fields})`: a
 * fraction of each app's bytes (no resources, operation results or summaries, and of the history — up to 10
 * entries with their sources — only when each was deployed, the last sync's fallback).
 * features/applications/list-fields.test.tsx proves the page shows the same from these as from whole apps.
 */
export const APP_LIST_FIELDS = [
  'items.metadata.name',
  'items.metadata.namespace',
  'items.metadata.labels',
  'items.metadata.resourceVersion',
  'items.metadata.deletionTimestamp',
  'items.spec.project',
  'items.spec.source',
  'items.spec.sources',
  'items.spec.destination',
  'items.status.sync.status',
  'items.status.sync.revision',
  'items.status.health',
  'items.status.conditions',
  'items.status.operationState.phase',
  'items.status.operationState.finishedAt',
  'items.status.history.deployedAt',
];

/**
 * The list's watch asks for the same parts of each app as the list (Argo CD's `result.application.<path>`): the
 * store holds only those, and the detail page watches its one app whole (`appStreamUrl`).
 */
export const APP_STREAM_FIELDS = APP_LIST_FIELDS.map((f) => f.replace(/^items\./, 'result.application.'));

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: Fetch;
  /** Called once per request that came back 401 (not for the login call itself). */
  onUnauthenticated?: () => void;
}

const enc = encodeURIComponent;

/** Argo CD's query naming one resource of an app. */
function resourceQuery(r: ResourceRef): string {
  return query({ namespace: r.namespace, resourceName: r.name, kind: r.kind, group: r.group });
}

export interface LogsQuery {
  podName?: string;
  container?: string;
  namespace?: string;
  kind?: string;
  group?: string;
  resourceName?: string;
  tailLines?: number;
  sinceSeconds?: number;
  follow?: boolean;
  filter?: string;
}

function query(params: Record<string, string | number | boolean | string[] | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, x));
    else sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export class ApiClient {
  private token: string | undefined;
  private readonly baseUrl: string;
  private readonly fetchImpl: Fetch;
  onUnauthenticated: (() => void) | undefined;

  constructor(opts: ApiClientOptions = {}) {
    this.baseUrl = opts.baseUrl ?? '';
    this.fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
    this.onUnauthenticated = opts.onUnauthenticated;
  }

  /** The bearer token from login; the server's `argocd.token` cookie authenticates too (and the SSE stream). */
  setToken(token: string | undefined): void {
    this.token = token;
  }

  private async request<T>(method: string, path: string, body?: unknown, quiet401 = false): Promise<T> {
    // X-Requested-By: the server refuses cookie-authenticated changes without it (CSRF).
    const headers: Record<string, string> = { Accept: 'application/json', 'X-Requested-By': 'driftless-ui' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.token) headers['Authorization'] = `Bearer ${this.token}`;
    const init: RequestInit = { method, headers, credentials: 'same-origin' };
    if (body !== undefined) init.body = JSON.stringify(body);
    let res: Response;
    try {
      res = await this.fetchImpl(this.baseUrl + path, init);
    } catch (e) {
      throw new ApiError(
        0,
        `Cannot reach the Driftless API (${e instanceof Error ? e.message : String(e)})`,
        path,
      );
    }
    const text = await res.text();
    if (!res.ok) {
      if (res.status === 401 && !quiet401) this.onUnauthenticated?.();
      throw new ApiError(res.status, messageFromBody(text, res.status), path);
    }
    return (text ? JSON.parse(text) : {}) as T;
  }

  // --- session -------------------------------------------------------------------------------
  login(username: string, password: string): Promise<{ token: string }> {
    return this.request('POST', '/api/v1/session', { username, password }, true);
  }
  logout(): Promise<unknown> {
    return this.request('DELETE', '/api/v1/session', undefined, true);
  }
  settings(): Promise<PublicSettings> {
    return this.request('GET', '/api/v1/settings', undefined, true);
  }
  userInfo(): Promise<UserInfo> {
    return this.request('GET', '/api/v1/session/userinfo', undefined, true);
  }
  async canI(resource: string, action: string, object: string): Promise<boolean> {
    const r = await this.request<{ value: string }>(
      'GET',
      `/api/v1/account/can-i/${enc(resource)}/${enc(action)}/${object.split('/').map(enc).join('/')}`,
    );
    return r.value === 'yes';
  }

  // --- applications --------------------------------------------------------------------------
  listApplications(q: ListApplicationsQuery = {}): Promise<ApplicationList> {
    return this.request(
      'GET',
      `/api/v1/applications${query({ projects: q.projects, selector: q.selector, name: q.name, limit: q.limit, continue: q.continue, fields: q.fields?.length ? q.fields.join(',') : undefined })}`,
    );
  }
  getApplication(name: string): Promise<Application> {
    return this.request('GET', `/api/v1/applications/${enc(name)}`);
  }
  createApplication(app: Application): Promise<Application> {
    return this.request('POST', '/api/v1/applications', app);
  }
  updateApplication(app: Application): Promise<Application> {
    return this.request('PUT', `/api/v1/applications/${enc(app.metadata.name)}`, app);
  }
  deleteApplication(name: string, cascade: boolean): Promise<unknown> {
    return this.request('DELETE', `/api/v1/applications/${enc(name)}${query({ cascade })}`);
  }
  sync(name: string, req: SyncRequest): Promise<Application> {
    return this.request('POST', `/api/v1/applications/${enc(name)}/sync`, req);
  }
  rollback(name: string, req: RollbackRequest): Promise<Application> {
    return this.request('POST', `/api/v1/applications/${enc(name)}/rollback`, req);
  }
  /** Rollback as a Git revert of the commits deployed after `to`, pushed by the server. */
  gitRollback(name: string, to: string): Promise<GitRollbackResult> {
    return this.request('POST', `/api/v1/applications/${enc(name)}/git-rollback`, { to });
  }
  terminateOperation(name: string): Promise<unknown> {
    return this.request('DELETE', `/api/v1/applications/${enc(name)}/operation`);
  }
  resourceTree(name: string): Promise<ResourceTree> {
    return this.request('GET', `/api/v1/applications/${enc(name)}/resource-tree`);
  }
  managedResources(name: string): Promise<ManagedResourceList> {
    return this.request('GET', `/api/v1/applications/${enc(name)}/managed-resources`);
  }
  /** Events of the app, or of one of its resources when `resource` is given. */
  events(name: string, resource?: ResourceRef): Promise<EventList> {
    const q = resource
      ? query({
          resourceName: resource.name,
          resourceNamespace: resource.namespace,
          resourceUID: resource.uid,
        })
      : '';
    return this.request('GET', `/api/v1/applications/${enc(name)}/events${q}`);
  }
  /** The live manifest of any resource in the app's tree (also the ones Git does not declare, e.g. Pods). */
  resource(name: string, r: ResourceRef & { version: string }): Promise<{ manifest: string }> {
    const q = query({
      namespace: r.namespace,
      resourceName: r.name,
      version: r.version,
      kind: r.kind,
      group: r.group,
    });
    return this.request('GET', `/api/v1/applications/${enc(name)}/resource${q}`);
  }
  /** Actions offered on one resource of the app (restart, scale, Lua actions of argocd-cm). */
  async resourceActions(name: string, r: ResourceRef): Promise<ResourceAction[]> {
    const res = await this.request<{ actions?: ResourceAction[] }>(
      'GET',
      `/api/v1/applications/${enc(name)}/resource/actions${resourceQuery(r)}`,
    );
    return res.actions ?? [];
  }
  runResourceAction(
    name: string,
    r: ResourceRef,
    action: string,
    params: { name: string; value: string }[] = [],
  ) {
    return this.request('POST', `/api/v1/applications/${enc(name)}/resource/actions/v2`, {
      namespace: r.namespace,
      resourceName: r.name,
      group: r.group,
      kind: r.kind,
      action,
      resourceActionParameters: params,
    });
  }
  deleteResource(name: string, r: ResourceRef, opts: { force?: boolean; orphan?: boolean } = {}) {
    const q = `${resourceQuery(r)}&${query({ force: opts.force || undefined, orphan: opts.orphan || undefined }).slice(1)}`;
    return this.request('DELETE', `/api/v1/applications/${enc(name)}/resource${q}`);
  }
  /** URL of a resource's log stream (JSON lines; the cookie or the bearer header authenticates). */
  logsUrl(name: string, q: LogsQuery): string {
    return `${this.baseUrl}/api/v1/applications/${enc(name)}/logs${query({ ...q })}`;
  }
  /** Streams log entries to `onEntry` until the server ends (or `signal` aborts) a followed log. */
  async streamLogs(
    name: string,
    q: LogsQuery,
    onEntry: (e: LogEntry) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const headers: Record<string, string> = { Accept: 'application/x-ndjson' };
    if (this.token) headers['Authorization'] = `Bearer ${this.token}`;
    const res = await this.fetchImpl(this.logsUrl(name, q), { headers, credentials: 'same-origin', signal });
    if (!res.ok || !res.body)
      throw new ApiError(res.status, messageFromBody(await res.text(), res.status), 'logs');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let pending = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += value;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (!line.trim()) continue;
        const { result } = JSON.parse(line) as { result: LogEntry };
        if (result.last) return;
        onEntry(result);
      }
    }
  }
  revisionMetadata(name: string, revision: string): Promise<RevisionMetadata> {
    return this.request('GET', `/api/v1/applications/${enc(name)}/revisions/${enc(revision)}/metadata`);
  }

  // --- settings ------------------------------------------------------------------------------
  projects(): Promise<ItemList<AppProject>> {
    return this.request('GET', '/api/v1/projects');
  }
  project(name: string): Promise<AppProject> {
    return this.request('GET', `/api/v1/projects/${enc(name)}`);
  }
  createProject(project: AppProject): Promise<AppProject> {
    return this.request('POST', '/api/v1/projects', { project });
  }
  updateProject(project: AppProject): Promise<AppProject> {
    return this.request('PUT', `/api/v1/projects/${enc(project.metadata.name)}`, { project });
  }
  /** Refused (409) while applications use the project. */
  deleteProject(name: string): Promise<unknown> {
    return this.request('DELETE', `/api/v1/projects/${enc(name)}`);
  }
  /** A JWT for a project role; the server records its id and iat on the role (the token itself is not kept). */
  createProjectToken(project: string, role: string, expiresIn?: number): Promise<{ token: string }> {
    return this.request('POST', `/api/v1/projects/${enc(project)}/roles/${enc(role)}/token`, {
      ...(expiresIn ? { expiresIn } : {}),
    });
  }
  deleteProjectToken(project: string, role: string, token: { iat: number; id?: string }): Promise<unknown> {
    return this.request(
      'DELETE',
      `/api/v1/projects/${enc(project)}/roles/${enc(role)}/token/${token.iat}${query({ id: token.id })}`,
    );
  }
  repositories(forceRefresh = false): Promise<ItemList<Repository>> {
    return this.request('GET', `/api/v1/repositories${query({ forceRefresh: forceRefresh || undefined })}`);
  }
  /** One repository, its connection tested again now. */
  testRepository(repo: Repository): Promise<Repository> {
    return this.request(
      'GET',
      `/api/v1/repositories/${enc(repo.repo)}${query({ forceRefresh: true, appProject: repo.project })}`,
    );
  }
  /** Tests the connection and stores the repository; refused (with git's reason) when it cannot connect. */
  createRepository(input: RepositoryInput): Promise<Repository> {
    return this.request('POST', '/api/v1/repositories', input);
  }
  deleteRepository(repo: Repository): Promise<unknown> {
    return this.request(
      'DELETE',
      `/api/v1/repositories/${enc(repo.repo)}${query({ appProject: repo.project })}`,
    );
  }
  /** Credential templates: credentials for every repository under a URL prefix (secrets never come back). */
  repoCreds(): Promise<ItemList<RepoCreds>> {
    return this.request('GET', '/api/v1/repocreds');
  }
  createRepoCreds(input: RepositoryInput): Promise<RepoCreds> {
    const { repo, ...rest } = input;
    return this.request('POST', '/api/v1/repocreds', { url: repo, ...rest });
  }
  deleteRepoCreds(url: string): Promise<unknown> {
    return this.request('DELETE', `/api/v1/repocreds/${enc(url)}`);
  }
  applicationSets(): Promise<ItemList<ApplicationSet>> {
    return this.request('GET', '/api/v1/applicationsets');
  }
  applicationSet(name: string): Promise<ApplicationSet> {
    return this.request('GET', `/api/v1/applicationsets/${enc(name)}`);
  }
  clusters(): Promise<ItemList<Cluster>> {
    return this.request('GET', '/api/v1/clusters');
  }
  /** Tests the connection and stores the cluster; refused (with the reason) when it cannot connect. */
  createCluster(input: ClusterInput): Promise<Cluster> {
    return this.request('POST', '/api/v1/clusters', input);
  }
  deleteCluster(server: string): Promise<unknown> {
    return this.request('DELETE', `/api/v1/clusters/${enc(server)}`);
  }
  accounts(): Promise<ItemList<Account>> {
    return this.request('GET', '/api/v1/account');
  }
  /** `app`: the app the form is for and its project (a plugin's parameters command sees ARGOCD_APP_NAME). */
  appDetails(
    source: ApplicationSource,
    app: { appName?: string; appProject?: string } = {},
  ): Promise<AppDetails> {
    const body = {
      source,
      ...(app.appName ? { appName: app.appName } : {}),
      ...(app.appProject ? { appProject: app.appProject } : {}),
    };
    return this.request('POST', `/api/v1/repositories/${enc(source.repoURL)}/appdetails`, body);
  }

  /**
   * URL of the applications SSE stream (authenticated by the `argocd.token` cookie) for the list: changes only
   * (the store lists the apps itself), each carrying only the list's fields.
   */
  streamUrl(): string {
    return `${this.baseUrl}/api/v1/stream/applications${query({ resourceVersion: '0', fields: APP_STREAM_FIELDS.join(',') })}`;
  }

  /** URL of one app's SSE stream: the whole app now (an ADDED event), then each change of it. */
  appStreamUrl(name: string): string {
    return `${this.baseUrl}/api/v1/stream/applications${query({ name })}`;
  }
}
