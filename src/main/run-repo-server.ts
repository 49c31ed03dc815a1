// The repo-server component: the repo service behind its authenticated HTTP API, as argocd-repo-server.
// It reads no kubeconfig and no service-account token; settings come from flags and the environment,
// repository credentials with each call.
import { join } from 'node:path';
import { cacheRoot } from '../common/cache-root.js';
import { AbortError } from '../common/errors.js';
import { createLogger } from '../common/log.js';
import { RequestSettings, startRepoApiServer, DEFAULT_REPO_SERVER_PORT } from '../render/index.js';
import { RepoServerMetrics } from '../server/repo-server-metrics.js';
import { NO_PARAMS, paramsFromEnv } from './cmd-params.js';
import { startMetricsPort } from './metrics-port.js';
import { repoServerTls } from './repo-server-tls.js';
import { localRepoService } from './repo-wiring.js';
import { requireTokenFromEnv } from './repo-server-token.js';
import type { RunningServer, RunServerDeps } from './run-server.js';
import { defaultConfig, resolveServerConfig, type ServerOptions } from './server-config.js';

export async function runRepoServer(
  options: ServerOptions,
  deps: RunServerDeps & { env: Record<string, string | undefined> },
): Promise<RunningServer> {
  const { env } = deps;
  if (options.cluster || options.repoServer)
    throw new AbortError(
      `the repo-server component takes no ${options.cluster ? '--kubeconfig' : '--repo-server'}: it holds no cluster credentials and is the repo server`,
      { hint: 'remove the flag; the controller and API server reach it with --repo-server' },
    );
  const fromEnv = paramsFromEnv(env);
  // No cluster to read argocd-cmd-params-cm from: its keys arrive as Argo CD's environment variables.
  const defaults = {
    ...defaultConfig({ kind: 'in-cluster' }, join(cacheRoot(env), 'repos')),
    port: DEFAULT_REPO_SERVER_PORT,
    renderSandbox: 'auto' as const,
  };
  const config = resolveServerConfig(options, fromEnv, NO_PARAMS, defaults);
  const log = deps.log ?? createLogger({ format: config.logFormat, level: config.logLevel });
  for (const note of fromEnv.ignored) log.info(`start-up parameter not applied: ${note}`);
  const token = requireTokenFromEnv(env);
  const settings = new RequestSettings();
  const metrics = new RepoServerMetrics();
  const repo = localRepoService(config, settings, (kind, ms, repoURL) =>
    metrics.git.request(kind, ms, repoURL),
  );
  const tls = await repoServerTls(config);
  if (!tls)
    log.warn(
      'TLS disabled (--disable-tls): callers need --repo-server-plaintext; the token travels in clear',
    );
  else log.info('serving TLS', { certificate: tls.source });
  const sandbox = await repo.sandboxState();
  if (!sandbox.confined && config.renderSandbox === 'bwrap')
    log.warn('render sandbox unavailable: every helm, kustomize and jsonnet render will fail', {
      why: sandbox.why,
    });
  else if (!sandbox.confined)
    log.warn(
      'RENDER SANDBOX UNAVAILABLE: helm, kustomize and jsonnet run unconfined; a repository writer can read ' +
        "what this process can (other repositories' checkouts, the repo-server token) — see docs/security.md",
      { renderSandbox: config.renderSandbox, why: sandbox.why },
    );
  const server = await startRepoApiServer({
    service: repo,
    settings,
    token,
    listen: { host: config.address, port: config.port },
    log,
    status: () => ({ sandbox: sandbox.confined ? 'bwrap' : `unconfined: ${sandbox.why}` }),
    tls,
    onCall: (method, repoURL) => metrics.callStarted(method, repoURL),
  });
  // Argo CD's 8084: /metrics and the probes, plain HTTP (the kubelet and Prometheus need no token).
  const metricsPort = await startMetricsPort(config, metrics, () => true);
  const host = config.address.includes(':') ? `[${config.address}]` : config.address;
  const url = `${tls ? 'https' : 'http'}://${host}:${server.port}`;
  log.info('driftless server ready', {
    component: config.component,
    url,
    sandbox: sandbox.confined ? 'bwrap' : 'unconfined',
  });
  let stopping: Promise<void> | undefined;
  return {
    url,
    port: server.port,
    metricsPort: metricsPort?.port,
    config,
    stats: { reconciles: 0, reconcileErrors: 0 },
    initialAdminPassword: () =>
      Promise.reject(new AbortError('the repo server has no accounts', { hint: 'ask the API server' })),
    stop: () =>
      (stopping ??= (async () => {
        log.info('shutting down');
        await server.close();
        await metricsPort?.close();
      })()),
  };
}
