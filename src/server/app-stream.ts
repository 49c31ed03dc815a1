// Server-Sent Events of application changes: one cache listener, each event serialized once per field selection and
// fanned out to every client whose filter and RBAC admit it (initial apps: the list snapshot's texts); keepalive
// comments every 15 s.
import type { ServerResponse } from 'node:http';
import { API_GROUP, type Application, type KubeObject } from '../model/index.js';
import type { ApiContext } from './api-context.js';
import type { AppListSnapshot } from './app-list-snapshot.js';
import { appFilter, matchesFilter, type AppFilter } from './app-query.js';
import { fieldsKey, parseFields, selectFields, subFields, type FieldTree } from './json-fields.js';
import type { ReadPort } from './ports.js';
import { defineRoute, type Route } from './route.js';

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface Client {
  res: ServerResponse;
  filter: AppFilter;
  can: (object: string) => boolean;
  /** Argo CD's `fields=result.application.<path>`: the part of each app this client gets (undefined: all). */
  fields?: FieldTree | undefined;
  /** Bytes this client may have unread: the limit plus its initial apps, which it may still be reading. */
  maxBuffered?: number;
}

/** A client that lets this much pile up unread is dropped rather than holding the server's memory. */
const MAX_BUFFERED = 8 * 1024 * 1024;
const FRAME_END = Buffer.from('}}\n\n');
const FRAME_START = {
  ADDED: Buffer.from('data: {"result":{"type":"ADDED","application":'),
  MODIFIED: Buffer.from('data: {"result":{"type":"MODIFIED","application":'),
  DELETED: Buffer.from('data: {"result":{"type":"DELETED","application":'),
};

export class AppStreamHub {
  private readonly clients = new Set<Client>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  /** Events serialized so far: one per change however many clients it reaches. */
  serialized = 0;

  constructor(
    private readonly read: ReadPort,
    private readonly snapshot: Pick<AppListSnapshot, 'itemJson'>,
    keepaliveMs = 15_000,
  ) {
    this.unsubscribe = read.on((type, obj) => this.onChange(type, obj));
    this.timer = setInterval(() => this.broadcast(': keepalive\n\n'), keepaliveMs);
    this.timer.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  add(client: Client, initial: readonly Application[]): void {
    // The current apps in one write, from the list snapshot's texts (shared by every client and the list).
    const parts: Buffer[] = [];
    for (const app of initial)
      if (this.admits(client, app))
        parts.push(FRAME_START.ADDED, this.snapshot.itemJson(app, client.fields), FRAME_END);
    const first = Buffer.concat(parts);
    client.maxBuffered = MAX_BUFFERED + first.length;
    if (first.length > 0) this.write(client, first);
    this.clients.add(client);
    client.res.on('close', () => this.clients.delete(client));
  }

  close(): void {
    clearInterval(this.timer);
    this.unsubscribe();
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }

  private onChange(type: string, obj: KubeObject): void {
    if (this.clients.size === 0) return;
    if (obj.kind !== 'Application' || !obj.apiVersion.startsWith(`${API_GROUP}/`)) return;
    if (obj.metadata.namespace !== this.read.namespace) return;
    const app = obj as Application;
    const kind: EventType = type === 'added' ? 'ADDED' : type === 'deleted' ? 'DELETED' : 'MODIFIED';
    // Serialized once per selection for every client (and kept by the snapshot for the next list request).
    const frames = new Map<string, Buffer>();
    for (const c of this.clients) {
      if (!this.admits(c, app)) continue;
      const key = fieldsKey(c.fields);
      let frame = frames.get(key);
      if (!frame) frames.set(key, (frame = this.frame(kind, app, c.fields, key)));
      this.write(c, frame);
    }
  }

  private frame(kind: EventType, app: Application, fields: FieldTree | undefined, key: string): Buffer {
    this.serialized++;
    // A deleted app's last version is not kept by the snapshot: serialized here, selected all the same.
    const json =
      kind === 'DELETED'
        ? Buffer.from(JSON.stringify(fields === undefined ? app : selectFields(app, fields)))
        : this.snapshot.itemJson(app, fields, key);
    return Buffer.concat([FRAME_START[kind], json, FRAME_END]);
  }

  private admits(c: Client, app: Application): boolean {
    return matchesFilter(app, c.filter) && c.can(`${app.spec.project || 'default'}/${app.metadata.name}`);
  }

  private broadcast(text: string): void {
    for (const c of this.clients) this.write(c, text);
  }

  private write(c: Client, data: string | Buffer): void {
    if (c.res.writableLength > (c.maxBuffered ?? MAX_BUFFERED)) {
      this.clients.delete(c);
      c.res.destroy();
      return;
    }
    c.res.write(data);
  }
}

/**
 * The part of each app a stream's client asked for with Argo CD's `fields=result.application.<path>`; undefined:
 * the whole app (`true` — all of result or of the app — and no path under result.application both mean that).
 */
export function streamFields(query: URLSearchParams): FieldTree | undefined {
  const selected = subFields(subFields(parseFields(query.getAll('fields')), 'result'), 'application');
  return selected === true ? undefined : selected;
}

export function streamRoute(api: ApiContext, hub: AppStreamHub): Route {
  return defineRoute({
    method: 'GET',
    path: '/api/v1/stream/applications',
    summary: 'Server-Sent Events: `data: {"result": {"type", "application"}}` per change, current apps first',
    tag: 'Applications',
    auth: 'user',
    rbac: { resource: 'applications', action: 'get' },
    query: [
      { name: 'name', description: 'only these apps', repeated: true },
      { name: 'projects', description: 'only these projects', repeated: true },
      { name: 'selector', description: 'label selector' },
      {
        name: 'resourceVersion',
        description:
          'as Argo CD: when set (e.g. after a list), changes only — no initial ADDED events unless `name` is given',
      },
      {
        name: 'fields',
        description:
          'as Argo CD: `result.application.<path>` selects the parts of each app sent, e.g. result.application.metadata.name,result.application.status.sync.status (the event type is always sent)',
        repeated: true,
      },
    ],
    async handler({ query, res, can }) {
      const filter = appFilter(query);
      const fields = streamFields(query);
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write(': connected\n\n');
      // A client that listed first (the UI at 10,000 apps) needs only changes: no initial dump to build and parse.
      const changesOnly = Boolean(query.get('resourceVersion')) && query.getAll('name').length === 0;
      hub.add(
        { res, filter, fields, can: (object) => can('applications', 'get', object) },
        changesOnly ? [] : api.read.apps.list(),
      );
      return { streamed: true };
    },
  });
}
