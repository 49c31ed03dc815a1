// KubeClient: typed JSON calls to one API server (CRUD, server-side apply, status, paging, watches).
import { isPlainObject, type KubeObject } from '../model/kube-object.js';
import { KubeApiError } from './api-error.js';
import { apiVersionOf, queryString, resourcePath, type ApiResource } from './api-resource.js';
import type { ClusterConnection } from './connection.js';
import type {
  ApplyOptions,
  DeleteOptions,
  KubeList,
  ListOptions,
  NamespaceOption,
  PatchOptions,
  PatchType,
  RawRequest,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from './client-options.js';
import { HttpsTransport, type HttpStream, type Transport } from './transport.js';
import { WatchTraffic } from './watch-traffic.js';

export type * from './client-options.js';

/** One call as an observer sees it (metrics); told the status when it ends (0 = no answer). */
export interface RequestInfo {
  method: string;
  path: string;
  contentType: string | undefined;
  dryRun: boolean;
}
export type RequestObserver = (req: RequestInfo) => ((status: number) => void) | undefined;

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

export class KubeClient {
  readonly transport: Transport;
  /** Bytes, events and connections of this client's watches, per type (driftless_watch_* metrics). */
  readonly watchTraffic = new WatchTraffic();
  private readonly observers = new Set<RequestObserver>();

  constructor(
    readonly connection: ClusterConnection,
    transport?: Transport,
  ) {
    this.transport = transport ?? new HttpsTransport(connection);
  }

  get<T extends KubeObject = KubeObject>(
    res: ApiResource,
    name: string,
    opts: NamespaceOption = {},
  ): Promise<T> {
    return this.request<T>({ method: 'GET', path: resourcePath(res, { namespace: opts.namespace, name }) });
  }

  /** One page; pass `limit` and the returned `metadata.continue` to page. Items get apiVersion/kind. */
  async list<T extends KubeObject = KubeObject>(
    res: ApiResource,
    opts: ListOptions = {},
  ): Promise<KubeList<T>> {
    const list = await this.request<KubeList<T>>({
      method: 'GET',
      path: resourcePath(res, { namespace: opts.namespace }),
      query: {
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        limit: opts.limit,
        continue: opts.continue,
        resourceVersion: opts.resourceVersion,
      },
    });
    // List items arrive without apiVersion/kind; objects elsewhere always carry them.
    const apiVersion = apiVersionOf(res);
    for (const item of list.items) {
      item.apiVersion ??= apiVersion;
      item.kind ??= res.kind;
    }
    return list;
  }

  /** All pages of a list, `limit` objects a request; resourceVersion is the first page's. */
  async listAll<T extends KubeObject = KubeObject>(
    res: ApiResource,
    opts: Omit<ListOptions, 'continue'> = {},
  ): Promise<KubeList<T>> {
    const first = await this.list<T>(res, { limit: 500, ...opts });
    let token = first.metadata.continue;
    while (token) {
      const page = await this.list<T>(res, { limit: 500, ...opts, continue: token });
      first.items.push(...page.items);
      token = page.metadata.continue;
    }
    delete first.metadata.continue;
    return first;
  }

  create<T extends KubeObject>(res: ApiResource, obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.request<T>({
      method: 'POST',
      path: resourcePath(res, { namespace: opts.namespace ?? obj.metadata.namespace }),
      query: writeQuery(opts),
      body: obj,
    });
  }

  /** Server-side apply: the server merges `obj` into the live object, owned by `fieldManager`. */
  apply<T extends KubeObject>(res: ApiResource, obj: T, opts: ApplyOptions): Promise<T> {
    const name = obj.metadata.name;
    if (!name) throw new Error(`apply needs metadata.name (${obj.kind})`);
    return this.request<T>({
      method: 'PATCH',
      path: resourcePath(res, { namespace: opts.namespace ?? obj.metadata.namespace, name }),
      query: {
        fieldManager: opts.fieldManager,
        force: opts.force,
        dryRun: opts.dryRun ? 'All' : undefined,
        fieldValidation: opts.fieldValidation,
      },
      // JSON is YAML, and the server accepts it under the apply content type.
      body: obj,
      contentType: 'application/apply-patch+yaml',
    });
  }

  patch<T extends KubeObject = KubeObject>(
    res: ApiResource,
    name: string,
    patch: unknown,
    opts: PatchOptions,
  ): Promise<T> {
    return this.request<T>({
      method: 'PATCH',
      path: resourcePath(res, { namespace: opts.namespace, name }),
      query: writeQuery(opts),
      body: patch,
      contentType: PATCH_CONTENT_TYPES[opts.type],
    });
  }

  /** PUT: fails with 409 Conflict when metadata.resourceVersion is stale. */
  replace<T extends KubeObject>(res: ApiResource, obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.request<T>({
      method: 'PUT',
      path: resourcePath(res, { namespace: opts.namespace ?? obj.metadata.namespace, name: nameOf(obj) }),
      query: writeQuery(opts),
      body: obj,
    });
  }

  /** Returns the object (being deleted, with finalizers) or a Status, as the server answers. */
  delete(res: ApiResource, name: string, opts: DeleteOptions = {}): Promise<KubeObject> {
    const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
    if (opts.propagationPolicy) body.propagationPolicy = opts.propagationPolicy;
    if (opts.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds;
    if (opts.dryRun) body.dryRun = ['All'];
    if (opts.uid) body.preconditions = { uid: opts.uid };
    return this.request<KubeObject>({
      method: 'DELETE',
      path: resourcePath(res, { namespace: opts.namespace, name }),
      body,
    });
  }

  updateStatus<T extends KubeObject>(res: ApiResource, obj: T, opts: WriteOptions = {}): Promise<T> {
    const namespace = opts.namespace ?? obj.metadata.namespace;
    return this.request<T>({
      method: 'PUT',
      path: resourcePath(res, { namespace, name: nameOf(obj), subresource: 'status' }),
      query: writeQuery(opts),
      body: obj,
    });
  }

  patchStatus<T extends KubeObject = KubeObject>(
    res: ApiResource,
    name: string,
    patch: unknown,
    opts: PatchOptions,
  ): Promise<T> {
    return this.request<T>({
      method: 'PATCH',
      path: resourcePath(res, { namespace: opts.namespace, name, subresource: 'status' }),
      query: writeQuery(opts),
      body: patch,
      contentType: PATCH_CONTENT_TYPES[opts.type],
    });
  }

  /**
   * Streams watch events until the server closes the watch (timeoutSeconds) or `signal` aborts.
   * An ERROR event is thrown as KubeApiError (410 Gone means: re-list).
   */
  async *watch<T extends KubeObject = KubeObject>(
    res: ApiResource,
    opts: WatchOptions = {},
  ): AsyncGenerator<WatchEvent<T>> {
    const path = resourcePath(res, { namespace: opts.namespace });
    const query = queryString({
      watch: 'true',
      resourceVersion: opts.resourceVersion,
      allowWatchBookmarks: opts.allowWatchBookmarks,
      timeoutSeconds: opts.timeoutSeconds,
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
    });
    const idleTimeoutMs = ((opts.timeoutSeconds ?? 1800) + 60) * 1000;
    const tally = this.watchTraffic.tally(res.group, res.resource);
    let stream: HttpStream;
    try {
      stream = await this.transport.stream({
        method: 'GET',
        path: `${path}${query}`,
        idleTimeoutMs,
        onData: (bytes) => {
          tally.bytes += bytes;
        },
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      // Aborted before the server answered: the caller asked to stop, which is not an error.
      if (opts.signal?.aborted) return;
      throw err;
    }
    if (stream.status < 200 || stream.status >= 300) {
      throw KubeApiError.fromResponse('GET', path, stream.status, stream.body);
    }
    tally.watches++;
    for await (const line of stream.lines) {
      tally.events++;
      const event: unknown = JSON.parse(line);
      if (!isPlainObject(event) || !isPlainObject(event.object)) continue;
      if (event.type === 'ERROR') {
        const status = event.object;
        const code = typeof status.code === 'number' ? status.code : 500;
        throw KubeApiError.fromStatus('WATCH', path, code, status);
      }
      yield event as unknown as WatchEvent<T>;
    }
  }

  /** Tells `observer` of every call from now on; returns how to stop. */
  observe(observer: RequestObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Any call: JSON in, parsed JSON out; non-2xx throws KubeApiError. */
  async request<T = unknown>(req: RawRequest): Promise<T> {
    if (this.observers.size === 0) return (await this.send<T>(req)).value;
    const info: RequestInfo = {
      method: req.method,
      path: req.path,
      contentType: req.contentType,
      dryRun: req.query?.dryRun !== undefined || isDryRunDelete(req.body),
    };
    const ends = [...this.observers].map((o) => o(info));
    let status = 0;
    try {
      const res = await this.send<T>(req);
      status = res.status;
      return res.value;
    } catch (e) {
      if (e instanceof KubeApiError) status = e.code;
      throw e;
    } finally {
      for (const end of ends) end?.(status);
    }
  }

  private async send<T>(req: RawRequest): Promise<{ status: number; value: T }> {
    const path = `${req.path}${queryString(req.query ?? {})}`;
    const headers: Record<string, string> = {};
    if (req.accept) headers.Accept = req.accept;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['Content-Type'] = req.contentType ?? 'application/json';
    }
    const res = await this.transport.request({
      method: req.method,
      path,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
    });
    if (res.status < 200 || res.status >= 300)
      throw KubeApiError.fromResponse(req.method, req.path, res.status, res.body);
    return { status: res.status, value: (res.body === '' ? undefined : JSON.parse(res.body)) as T };
  }

  close(): void {
    this.transport.close();
  }
}

function writeQuery(opts: WriteOptions): Record<string, string | undefined> {
  return { dryRun: opts.dryRun ? 'All' : undefined, fieldManager: opts.fieldManager };
}

/** A DELETE asks for a dry run in its body. */
function isDryRunDelete(body: unknown): boolean {
  return isPlainObject(body) && Array.isArray(body.dryRun);
}

function nameOf(obj: KubeObject): string {
  const name = obj.metadata.name;
  if (!name) throw new Error(`${obj.kind} has no metadata.name`);
  return name;
}
