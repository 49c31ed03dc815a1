// A small in-memory stand-in for the Driftless API, for UI development, component and browser tests only.
// Usage: tsx dev/mock-api.ts [--port 8090] [--apps 40]. Test hooks live under /mock/ (drift, expire sessions).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Application, ApplicationWatchEvent, KubeEvent } from '../src/api/types.ts';
import {
  commitFor,
  event,
  guestbookDesired,
  guestbookResources,
  makeApp,
  nextRv,
  sha,
  type LiveResource,
} from './mock-data.ts';
import { selectFields, type FieldTree } from '../src/test-support/select-fields.ts';
import { routeApi } from './mock-routes.ts';

export interface MockOptions {
  port: number;
  apps: number;
}

const USERS: Record<string, { password: string; admin: boolean }> = {
  admin: { password: 'password', admin: true },
  viewer: { password: 'password', admin: false },
};

/** One open application stream and what it asked for. */
export interface MockStream {
  res: ServerResponse;
  names?: ReadonlySet<string>;
  fields?: FieldTree;
}

export class MockState {
  apps = new Map<string, Application>();
  tokens = new Map<string, string>();
  streams = new Set<MockStream>();
  /** Every request's method, path and query as received, for tests of what the UI asks for. */
  requests: string[] = [];
  drifted = false;
  desired = guestbookDesired();
  events = new Map<string, KubeEvent[]>();

  constructor(count: number) {
    const now = Date.now();
    for (let i = 0; i < count; i++) this.put(makeApp(i, now), false);
    this.put(this.guestbook(), false);
    const broken = makeApp(count + 1, now);
    broken.metadata.name = 'billing-broken';
    broken.status = {
      ...broken.status,
      sync: { status: 'Unknown' },
      health: { status: 'Unknown' },
      conditions: [
        {
          type: 'ComparisonError',
          message:
            'rpc error: failed to render apps/billing: kustomization.yaml: accumulating resources: file "base/missing.yaml" not found',
          lastTransitionTime: new Date().toISOString(),
        },
      ],
    };
    this.put(broken, false);
  }

  resources(): LiveResource[] {
    return guestbookResources(this.desired, this.drifted);
  }

  guestbook(): Application {
    const rev = sha(424242);
    commitFor(rev, 3);
    commitFor(sha(424241), 5);
    const prev = this.apps.get('guestbook');
    const res = this.resources();
    const declared = res
      .filter((r) => r.desired)
      .map((r) => ({
        group: r.node.group,
        version: r.node.version,
        kind: r.node.kind,
        namespace: r.node.namespace,
        name: r.node.name,
        status: (this.drifted && r.node.kind === 'Deployment' ? 'OutOfSync' : 'Synced') as
          'Synced' | 'OutOfSync',
        health:
          r.node.kind === 'Deployment' || r.node.kind === 'Service'
            ? { status: 'Healthy' as const }
            : undefined,
      }));
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'guestbook',
        namespace: 'argocd',
        resourceVersion: nextRv(),
        labels: { team: 'web', env: 'prod' },
      },
      spec: prev?.spec ?? {
        project: 'default',
        source: {
          repoURL: 'https://github.com/argoproj/argocd-example-apps.git',
          path: 'guestbook',
          targetRevision: 'HEAD',
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' },
        syncPolicy: { syncOptions: ['CreateNamespace=true'] },
        ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
      },
      status: {
        ...prev?.status,
        sync: {
          status: this.drifted ? 'OutOfSync' : 'Synced',
          revision: prev?.status?.sync?.revision ?? rev,
        },
        health: { status: 'Healthy' },
        resources: declared.map(({ health, ...d }) => (health ? { ...d, health } : d)),
        history: prev?.status?.history ?? [
          {
            id: 1,
            revision: sha(424241),
            deployedAt: new Date(Date.now() - 86_400_000).toISOString(),
            source: {
              repoURL: 'https://github.com/argoproj/argocd-example-apps.git',
              path: 'guestbook',
              targetRevision: 'HEAD',
            },
          },
          {
            id: 2,
            revision: rev,
            deployedAt: new Date(Date.now() - 3_600_000).toISOString(),
            source: {
              repoURL: 'https://github.com/argoproj/argocd-example-apps.git',
              path: 'guestbook',
              targetRevision: 'HEAD',
            },
          },
        ],
        reconciledAt: new Date().toISOString(),
      },
    };
  }

  put(app: Application, notify = true, type: ApplicationWatchEvent['type'] = 'MODIFIED'): void {
    const isNew = !this.apps.has(app.metadata.name);
    app.metadata.resourceVersion = nextRv();
    this.apps.set(app.metadata.name, app);
    if (notify) this.broadcast({ type: isNew ? 'ADDED' : type, application: app });
  }

  remove(name: string): void {
    const app = this.apps.get(name);
    if (!app) return;
    this.apps.delete(name);
    this.broadcast({
      type: 'DELETED',
      application: { ...app, metadata: { ...app.metadata, resourceVersion: nextRv() } },
    });
  }

  broadcast(ev: ApplicationWatchEvent): void {
    for (const s of this.streams) this.send(s, ev);
  }

  send(s: MockStream, ev: ApplicationWatchEvent): void {
    if (s.names && !s.names.has(ev.application.metadata.name)) return;
    const application = s.fields ? selectFields(ev.application, s.fields) : ev.application;
    s.res.write(`data: ${JSON.stringify({ result: { type: ev.type, application } })}\n\n`);
  }

  drift(on: boolean): void {
    this.drifted = on;
    this.addEvent(
      'guestbook',
      on
        ? event(
            'ResourceUpdated',
            'Deployment guestbook-ui changed outside Git (kubectl scale/set image)',
            'Deployment',
            'guestbook-ui',
            'Warning',
          )
        : event('Synced', 'Live state matches Git', 'Application', 'guestbook'),
    );
    this.put(this.guestbook());
  }

  addEvent(app: string, ev: KubeEvent): void {
    this.events.set(app, [ev, ...(this.events.get(app) ?? [])].slice(0, 50));
  }
}

// ---- HTTP ---------------------------------------------------------------------------------------

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
export const fail = (res: ServerResponse, status: number, message: string) =>
  send(res, status, { error: message, message, code: status });

export async function readBody(req: IncomingMessage): Promise<unknown> {
  let s = '';
  for await (const chunk of req) s += String(chunk);
  return s ? (JSON.parse(s) as unknown) : {};
}

function tokenOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  const m = /(?:^|;\s*)argocd\.token=([^;]+)/.exec(req.headers.cookie ?? '');
  return m?.[1];
}

export function startMockApi(
  opts: MockOptions,
): Promise<{ url: string; state: MockState; close: () => Promise<void> }> {
  const state = new MockState(opts.apps);
  const server = createServer((req, res) => {
    handle(state, req, res).catch((e: unknown) => fail(res, 500, e instanceof Error ? e.message : String(e)));
  });
  return new Promise((resolve) => {
    server.listen(opts.port, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        state,
        close: () =>
          new Promise((r) => {
            for (const s of state.streams) s.res.end();
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function handle(st: MockState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const p = url.pathname;
  const m = req.method ?? 'GET';
  if (!p.startsWith('/mock/')) st.requests.push(`${m} ${req.url ?? '/'}`);
  if (p.startsWith('/mock/')) {
    if (p === '/mock/drift') st.drift(url.searchParams.get('on') !== 'false');
    if (p === '/mock/expire') st.tokens.clear();
    return send(res, 200, { ok: true });
  }
  if (p === '/api/v1/session' && m === 'POST') {
    const b = (await readBody(req)) as { username?: string; password?: string };
    const u = USERS[b.username ?? ''];
    if (!u || u.password !== b.password) return fail(res, 401, 'Invalid username or password');
    const token = `tok-${Math.random().toString(36).slice(2)}`;
    st.tokens.set(token, b.username ?? '');
    return send(
      res,
      200,
      { token },
      { 'Set-Cookie': `argocd.token=${token}; Path=/; Max-Age=86400; HttpOnly; SameSite=Strict` },
    );
  }
  const user = st.tokens.get(tokenOf(req) ?? '');
  // As the real server: no token is "not logged in"; an unknown or expired one is a 401.
  if (p === '/api/v1/session/userinfo') {
    if (tokenOf(req) && !user) return fail(res, 401, 'invalid session: token is unknown or expired');
    return send(res, 200, user ? { loggedIn: true, username: user, iss: 'argocd' } : { loggedIn: false });
  }
  if (p === '/api/v1/session' && m === 'DELETE') {
    st.tokens.delete(tokenOf(req) ?? '');
    return send(
      res,
      200,
      {},
      { 'Set-Cookie': 'argocd.token=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict' },
    );
  }
  if (!user) return fail(res, 401, 'no session information');
  const admin = USERS[user]?.admin ?? false;
  return routeApi({ st, req, res, url, method: m, admin, send, fail, readBody });
}

if (process.argv[1]?.endsWith('mock-api.ts')) {
  const arg = (k: string, d: number) => {
    const i = process.argv.indexOf(k);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  const { url } = await startMockApi({ port: arg('--port', 8090), apps: arg('--apps', 40) });
  console.log(`mock Driftless API on ${url} (users admin/password, viewer/password)`);
}
