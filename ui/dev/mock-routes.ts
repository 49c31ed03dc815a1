// The mock API's routes under /api/v1 (after authentication).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Application, RollbackRequest, SyncRequest } from '../src/api/types.ts';
import type { MockState, MockStream } from './mock-api.ts';
import { fieldTree, fieldsParam, selectFields } from '../src/test-support/select-fields.ts';
import { CLUSTERS, PROJECTS, commitFor, event, managedOf } from './mock-data.ts';
import { runSync, terminate } from './mock-sync.ts';

export interface Ctx {
  st: MockState;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  method: string;
  admin: boolean;
  send: (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;
  fail: (res: ServerResponse, status: number, message: string) => void;
  readBody: (req: IncomingMessage) => Promise<unknown>;
}

export function validateApp(app: Application): string | undefined {
  const name = app.metadata?.name ?? '';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name))
    return `metadata.name: "${name}" must be a DNS-1123 label`;
  if (!app.spec?.source?.repoURL) return 'spec.source.repoURL: required';
  if (!PROJECTS.includes(app.spec.project))
    return `spec.project: project "${app.spec.project}" does not exist`;
  const ns = app.spec.destination?.namespace ?? '';
  if (ns && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns))
    return `spec.destination.namespace: "${ns}" is not a valid namespace name`;
  if (!app.spec.destination?.server && !app.spec.destination?.name)
    return 'spec.destination: server or name is required';
  return undefined;
}

function stream(c: Ctx): void {
  c.res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  c.res.write(': connected\n\n');
  // As the real server: `name` filters, `fields=result.application.<path>` selects, and without a resourceVersion
  // (or with a name) the current apps come first as ADDED events.
  const q = c.url.searchParams;
  const names = new Set(q.getAll('name'));
  const fields = fieldTree(fieldsParam(q), 'result.application');
  const sub: MockStream = { res: c.res, ...(names.size > 0 ? { names } : {}), ...(fields ? { fields } : {}) };
  if (!q.get('resourceVersion') || names.size > 0)
    for (const app of c.st.apps.values()) c.st.send(sub, { type: 'ADDED', application: app });
  c.st.streams.add(sub);
  const ping = setInterval(() => c.res.write(': ping\n\n'), 15_000);
  c.req.on('close', () => {
    clearInterval(ping);
    c.st.streams.delete(sub);
  });
}

function list(c: Ctx): void {
  const q = c.url.searchParams;
  const projects = q
    .getAll('projects')
    .flatMap((x) => x.split(','))
    .filter(Boolean);
  const name = q.get('name');
  let items = [...c.st.apps.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  if (projects.length) items = items.filter((a) => projects.includes(a.spec.project));
  if (name) items = items.filter((a) => a.metadata.name === name);
  const start = Number(q.get('continue') ?? 0) || 0;
  const limit = Number(q.get('limit') ?? 0) || items.length;
  const page = items.slice(start, start + limit);
  const end = start + page.length;
  const more = end < items.length;
  const fields = fieldsParam(q);
  const tree = fields.length > 0 ? fieldTree(fields, 'items') : true;
  c.send(c.res, 200, {
    metadata: more ? { continue: String(end), remainingItemCount: items.length - end } : {},
    ...(tree ? { items: page.map((a) => selectFields(a, tree)) } : {}),
  });
}

export async function routeApi(c: Ctx): Promise<void> {
  const { st, res, url, method: m, admin } = c;
  const p = url.pathname;
  if (p === '/api/v1/stream/applications') return stream(c);
  const canI = /^\/api\/v1\/account\/can-i\/([^/]+)\/([^/]+)\/(.+)$/.exec(p);
  if (canI) return c.send(res, 200, { value: admin || canI[2] === 'get' ? 'yes' : 'no' });
  if (p === '/api/v1/applications' && m === 'GET') return list(c);
  if (p === '/api/v1/applications' && m === 'POST') {
    if (!admin) return c.fail(res, 403, 'permission denied: applications, create');
    const app = (await c.readBody(c.req)) as Application;
    const err = validateApp(app);
    if (err) return c.fail(res, 400, err);
    if (st.apps.has(app.metadata.name))
      return c.fail(res, 409, `application ${app.metadata.name} already exists`);
    app.status = { sync: { status: 'OutOfSync' }, health: { status: 'Missing' } };
    st.put(app);
    return c.send(res, 200, app);
  }
  if (p === '/api/v1/projects')
    return c.send(res, 200, {
      items: PROJECTS.map((name) => ({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name },
        spec: {
          description: `${name} team`,
          sourceRepos: ['*'],
          destinations: [{ server: '*', namespace: '*' }],
        },
      })),
    });
  if (p === '/api/v1/repocreds')
    return c.send(res, 200, {
      items: [{ url: 'https://git.example.com/', type: 'git', username: 'deploy-bot' }],
    });
  if (p === '/api/v1/repositories')
    return c.send(res, 200, {
      items: [
        {
          repo: 'https://github.com/argoproj/argocd-example-apps.git',
          type: 'git',
          connectionState: { status: 'Successful' },
        },
        ...PROJECTS.map((pr) => ({
          repo: `https://git.example.com/${pr}/deploy.git`,
          type: 'git',
          project: pr,
          connectionState: {
            status: pr === 'data' ? 'Failed' : 'Successful',
            message: pr === 'data' ? 'authentication required' : '',
          },
        })),
      ],
    });
  if (p === '/api/v1/clusters')
    return c.send(res, 200, {
      items: CLUSTERS.map((cl) => ({
        ...cl,
        connectionState: { status: 'Successful' },
        info: { serverVersion: '1.33' },
      })),
    });
  if (p === '/api/v1/account')
    return c.send(res, 200, {
      items: [
        { name: 'admin', enabled: true, capabilities: ['login'] },
        { name: 'viewer', enabled: true, capabilities: ['login'] },
        {
          name: 'ci-bot',
          enabled: true,
          capabilities: ['apiKey'],
          tokens: [{ id: 't1', issuedAt: 1_700_000_000 }],
        },
      ],
    });
  const appDetails = /^\/api\/v1\/repositories\/(.+)\/appdetails$/.exec(p);
  if (appDetails) {
    const b = (await c.readBody(c.req)) as { source?: { path?: string; chart?: string } };
    const path = b.source?.path ?? '';
    const type =
      b.source?.chart || /helm|chart/.test(path)
        ? 'Helm'
        : /kustom|overlays|base/.test(path)
          ? 'Kustomize'
          : /jsonnet/.test(path)
            ? 'Directory'
            : 'Directory';
    return c.send(res, 200, { type });
  }
  const am = /^\/api\/v1\/applications\/([^/]+)(\/.*)?$/.exec(p);
  if (!am) return c.fail(res, 404, `not found: ${p}`);
  const name = decodeURIComponent(am[1] ?? '');
  const sub = am[2] ?? '';
  const app = st.apps.get(name);
  if (!app) return c.fail(res, 404, `applications.argoproj.io "${name}" not found`);
  const mutating = m !== 'GET';
  if (mutating && !admin && sub !== '')
    return c.fail(res, 403, `permission denied: applications, ${sub.slice(1)}, ${app.spec.project}/${name}`);
  const isGuestbook = name === 'guestbook';
  if (sub === '' && m === 'GET') return c.send(res, 200, app);
  if (sub === '' && m === 'PUT') {
    if (!admin) return c.fail(res, 403, 'permission denied: applications, update');
    const next = (await c.readBody(c.req)) as Application;
    const err = validateApp(next);
    if (err) return c.fail(res, 400, err);
    const upd = {
      ...app,
      spec: next.spec,
      metadata: { ...app.metadata, labels: next.metadata.labels ?? {} },
    };
    st.put(upd);
    return c.send(res, 200, upd);
  }
  if (sub === '' && m === 'DELETE') {
    if (!admin) return c.fail(res, 403, 'permission denied: applications, delete');
    st.remove(name);
    return c.send(res, 200, {});
  }
  if (sub === '/resource-tree')
    return c.send(res, 200, { nodes: isGuestbook ? st.resources().map((r) => r.node) : [] });
  if (sub === '/managed-resources')
    return c.send(res, 200, { items: isGuestbook ? managedOf(st.resources()) : [] });
  if (sub === '/events') {
    const rn = url.searchParams.get('resourceName');
    const evs = st.events.get(name) ?? [];
    return c.send(res, 200, { items: rn ? evs.filter((e) => e.involvedObject.name === rn) : evs });
  }
  if (sub === '/resource') {
    const r = st
      .resources()
      .find(
        (x) =>
          x.node.name === url.searchParams.get('resourceName') &&
          x.node.kind === url.searchParams.get('kind'),
      );
    return r
      ? c.send(res, 200, { manifest: JSON.stringify(r.live) })
      : c.fail(res, 404, 'resource not found');
  }
  const rev = /^\/revisions\/([^/]+)\/metadata$/.exec(sub);
  if (rev) {
    const cm = commitFor(decodeURIComponent(rev[1] ?? ''), 1);
    return c.send(res, 200, { author: cm.author, message: cm.message, date: new Date().toISOString() });
  }
  if (sub === '/sync' && m === 'POST')
    return c.send(res, 200, runSync(st, name, (await c.readBody(c.req)) as SyncRequest));
  if (sub === '/rollback' && m === 'POST') {
    const b = (await c.readBody(c.req)) as RollbackRequest;
    const h = app.status?.history?.find((x) => x.id === b.id);
    if (!h) return c.fail(res, 400, `history id ${b.id} not found`);
    if (app.spec.syncPolicy?.automated)
      return c.fail(res, 400, 'rollback cannot be initiated when auto-sync is enabled');
    return c.send(
      res,
      200,
      runSync(st, name, { revision: h.revision, prune: b.prune ?? false, dryRun: b.dryRun ?? false }, true),
    );
  }
  if (sub === '/operation' && m === 'DELETE') {
    terminate(st, name);
    return c.send(res, 200, {});
  }
  st.addEvent(name, event('Unknown', `unhandled ${m} ${sub}`, 'Application', name));
  return c.fail(res, 404, `not found: ${m} ${p}`);
}
