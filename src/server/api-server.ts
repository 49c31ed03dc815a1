// `driftless server`'s HTTP side: the Argo CD-compatible API, webhooks, SSE, metrics, health and the UI, on one port.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import { packageRoot } from '../common/package-root.js';
import { accountRoutes } from './account-routes.js';
import { createApiContext } from './api-context.js';
import { appOperationRoutes } from './app-operation-routes.js';
import { AppListSnapshot } from './app-list-snapshot.js';
import { previewRoutes } from './preview-routes.js';
import { gitWriteRoutes } from './git-write-routes.js';
import { promoteRoutes } from './promote-routes.js';
import { appReadRoutes } from './app-read-routes.js';
import { appResourceRoutes } from './app-resource-routes.js';
import { appLogsRoutes } from './app-logs-routes.js';
import { appResourceWriteRoutes } from './app-resource-write-routes.js';
import { AppStreamHub, streamRoute } from './app-stream.js';
import { appWriteRoutes } from './app-write-routes.js';
import { clusterRoutes } from './cluster-routes.js';
import { dispatch, sendJson } from './dispatch.js';
import { serveMetrics, type ApiMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { projectRoutes } from './project-routes.js';
import { appSetRoutes, type AppSetPreview } from './appset-routes.js';
import { repoRoutes } from './repo-routes.js';
import { repoCredsRoutes } from './repocreds-routes.js';
import type { Route } from './route.js';
import { Router } from './router.js';
import { sessionRoutes } from './session-routes.js';
import { Sso } from './sso.js';
import { ssoPages } from './sso-pages.js';
import { ssoRoutes } from './sso-routes.js';
import { SsoRenewal } from './sso-renewal.js';
import { ARGOCD_SECRET, SERVER_TLS_SECRET } from '../model/settings-objects.js';
import { serverSettings } from './settings.js';
import type { SettingsSource } from '../settings/settings-source.js';
import type { AppWriter, ControllerStatus, GitWritePort, ReadPort, ResourceWriter } from './ports.js';
import { serveStatic } from './static-files.js';
import { bootstrapSecrets } from './secret-writes.js';
import { versionRoute } from './version-route.js';
import { webhookRoute } from './webhook/route.js';
import type { ApiContext } from './api-context.js';
import { listenPlain, listenTls, type Listener } from './listener.js';
import { loadServerTls, pickServerTls, storeGeneratedTls, type TlsMaterial } from './tls-cert.js';

export interface ApiServerOptions {
  read: ReadPort;
  writer: AppWriter;
  resources: ResourceWriter;
  /** Commits to configuration repositories (rollback --git). */
  git?: GitWritePort | undefined;
  controller: ControllerStatus;
  /** The settings source shared with the controller. */
  settings: SettingsSource;
  port: number;
  host: string;
  log: Logger;
  version: string;
  /** The controller has started and its caches are synced. */
  ready: () => boolean;
  /** The process's metrics, served at /metrics (also on the metrics port when one is set). */
  metrics: ApiMetrics;
  /** Argo CD's server.rootpath: everything is served under this prefix (e.g. `/argocd`). */
  rootPath?: string;
  /** Where the built UI is; default `<package>/ui/dist`. */
  uiDir?: string;
  nowMs?: () => number;
  keepaliveMs?: number;
  /**
   * Serve HTTPS (HTTP/2 and HTTP/1.1) with the certificate of argocd-server-tls or argocd-secret, generated
   * and stored on first start when there is none. Off: plain HTTP (`driftless server --insecure`).
   */
  tls?: boolean;
  /** Dry runs of ApplicationSets (`appset generate`); absent when this process runs no ApplicationSet controller. */
  appSetPreview?: AppSetPreview;
}

export interface ApiServer {
  /** The port bound (useful with port 0). */
  port: number;
  /** Whether the port speaks TLS. */
  tls: boolean;
  routes: readonly Route[];
  /** Resolves once the API answers requests: admin bootstrap done and signing key loaded (or closed). */
  whenServing(): Promise<void>;
  close(): Promise<void>;
}

export function apiRoutes(
  api: ApiContext,
  hub: AppStreamHub,
  snapshot: AppListSnapshot,
  version: string,
  sso: Sso,
  appSetPreview?: AppSetPreview,
): Route[] {
  return [
    ...sessionRoutes(api),
    ...ssoRoutes(api, sso),
    ...accountRoutes(api),
    ...appReadRoutes(api, snapshot),
    ...appResourceRoutes(api),
    ...appLogsRoutes(api),
    ...appResourceWriteRoutes(api),
    ...appWriteRoutes(api),
    ...appOperationRoutes(api),
    ...previewRoutes(api),
    ...gitWriteRoutes(api),
    ...promoteRoutes(api),
    streamRoute(api, hub),
    ...projectRoutes(api),
    ...appSetRoutes(api, appSetPreview),
    ...repoRoutes(api),
    ...repoCredsRoutes(api),
    ...clusterRoutes(api),
    versionRoute(version),
    webhookRoute(api),
  ];
}

/** Retries until the control namespace exists (the controller creates it as it starts). */
async function bootstrapUntilDone(
  opts: ApiServerOptions,
  stopped: () => boolean,
  generatedTls: () => TlsMaterial | undefined,
): Promise<void> {
  for (let attempt = 0; !stopped(); attempt++) {
    try {
      await bootstrapSecrets(opts.writer, opts.log);
      const generated = generatedTls();
      if (generated) await storeGeneratedTls(opts.writer, generated, opts.log);
      return;
    } catch (e) {
      if (attempt % 10 === 0)
        opts.log.warn('cannot prepare argocd-secret yet (retrying)', { error: errorMessage(e) });
      await new Promise((r) => setTimeout(r, 1_000).unref());
    }
  }
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const { read } = opts;
  const { metrics } = opts;
  const settings = serverSettings(opts.settings);
  const api = createApiContext({ ...opts, settings, metrics, log: opts.log.child({ component: 'api' }) });
  const snapshot = new AppListSnapshot(read);
  const hub = new AppStreamHub(read, snapshot, opts.keepaliveMs);
  const namespace = read.namespace;
  const sso = new Sso({
    settings,
    secret: (name) => read.get({ group: '', kind: 'Secret', namespace, name }),
    log: api.log,
    nowMs: api.nowMs,
  });
  const renewal = new SsoRenewal(sso, api.log, api.nowMs);
  const renewBrowserSession = (req: IncomingMessage, res: ServerResponse) =>
    renewal.beforeRequest(req, res, settings.current().secretKey);
  const auth = ssoPages(sso, renewal, api.log, api.nowMs);
  const routes = apiRoutes(api, hub, snapshot, opts.version, sso, opts.appSetPreview);
  const router = new Router(routes);
  let openapi: string | undefined;
  const uiDir = opts.uiDir ?? join(packageRoot(), 'ui', 'dist');
  let stopped = false;
  let bootstrapped = false;
  let certificate = opts.tls ? await loadServerTls(opts.writer) : undefined;
  const generated = () => (certificate?.source === 'generated' ? certificate : undefined);
  const bootstrap = bootstrapUntilDone(opts, () => stopped, generated).then(() => (bootstrapped = true));
  const ready = () => bootstrapped && opts.ready() && settings.current().secretKey !== undefined;
  const readiness = async (): Promise<{ ok: boolean; reason?: string | undefined }> => {
    if (!opts.ready() || !bootstrapped) return { ok: false, reason: 'the caches are not synced yet' };
    if (settings.current().secretKey === undefined)
      return { ok: false, reason: 'the signing key is not loaded yet' };
    return api.upstream.status();
  };

  const root = (opts.rootPath ?? '').replace(/\/$/, '');
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (root) {
      if (url.pathname !== root && !url.pathname.startsWith(`${root}/`))
        return sendJson(res, 404, {
          error: `no route for ${url.pathname}`,
          hint: `the server is under ${root}/`,
        });
      url.pathname = url.pathname.slice(root.length) || '/';
    }
    const path = url.pathname;
    if (path === '/healthz') return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
    if (path === '/readyz') {
      // Ready = caches synced, settings loaded, and the kube-apiserver answering now.
      void readiness().then((r) =>
        res
          .writeHead(r.ok ? 200 : 503, { 'Content-Type': 'text/plain' })
          .end(r.ok ? 'ok\n' : `not ready: ${r.reason}\n`),
      );
      return;
    }
    if (path === '/metrics') return serveMetrics(metrics, res);
    if (path === '/api/openapi.json') {
      openapi ??= JSON.stringify(openApiDocument(routes, opts.version));
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(openapi);
    }
    if (path.startsWith('/auth/') && auth(req, res, path, url)) return;
    if (path === '/api' || path.startsWith('/api/')) {
      void dispatch(api, router, req, res, url, ready, renewBrowserSession);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 404, { error: `no route for ${req.method} ${path}` });
    serveStatic(uiDir, path, req.method, res)
      .then((served) => {
        if (!served)
          sendJson(res, 404, {
            error: `no route for ${path}`,
            hint: 'the UI is not built (ui/dist); the API is under /api',
          });
      })
      .catch((e: unknown) => {
        api.log.error('serving a UI file failed', { error: errorMessage(e) });
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.destroy();
      });
  };
  const listener: Listener = certificate
    ? await listenTls(handler, opts.port, opts.host, certificate)
    : await listenPlain(handler, opts.port, opts.host);
  // A changed argocd-server-tls or argocd-secret is served to new connections without a restart.
  const unwatchTls = read.on((_type, obj) => {
    if (!certificate || obj.kind !== 'Secret' || obj.metadata.namespace !== namespace) return;
    if (obj.metadata.name !== SERVER_TLS_SECRET && obj.metadata.name !== ARGOCD_SECRET) return;
    const key = (name: string) => ({ group: '', kind: 'Secret', namespace, name });
    const next = pickServerTls(read.get(key(SERVER_TLS_SECRET)), read.get(key(ARGOCD_SECRET)));
    if (!next || (next.cert === certificate.cert && next.key === certificate.key)) return;
    certificate = next;
    listener.setCertificate(next);
    opts.log.info('serving a new TLS certificate', { from: next.source });
  });
  return {
    port: listener.port,
    tls: listener.tls,
    routes,
    async whenServing() {
      await bootstrap.catch(() => undefined);
      // The signing key arrives through the watch cache shortly after the bootstrap wrote it.
      while (!stopped && settings.current().secretKey === undefined)
        await new Promise((r) => setTimeout(r, 50).unref());
    },
    async close() {
      stopped = true;
      hub.close();
      snapshot.close();
      unwatchTls();
      await bootstrap.catch(() => undefined);
      await listener.close();
    },
  };
}
