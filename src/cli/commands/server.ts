// `driftless server`: runs the application controller (and the HTTP endpoints) in the foreground.
import type { Command } from 'commander';
import { Option } from 'commander';
import { join } from 'node:path';
import { AbortError } from '../../common/errors.js';
import { createLogger } from '../../common/log.js';
import { ApplicationController } from '../../controller/app-controller.js';
import { KubeClient } from '../../kube/client.js';
import { Discovery } from '../../kube/discovery.js';
import { defaultKubeconfigPath, inClusterConnection, loadKubeconfig } from '../../kube/kubeconfig.js';
import { cacheRoot } from '../../localcluster/paths.js';
import { RepoService } from '../../render/index.js';
import { startApiServer } from '../../server/api-server.js';
import { VERSION } from './version.js';
import { action, newCommand } from '../output.js';

interface ServerFlags {
  kubeconfig?: string;
  namespace: string;
  port: string;
  address: string;
  pollInterval: string;
  concurrency: string;
  logFormat: 'text' | 'json';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  cacheDir?: string;
  tracking: 'annotation' | 'label' | 'annotation+label';
  installationId?: string;
}

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new AbortError(`--${name} must be a positive whole number, got "${v}"`);
  return n;
}

export function serverCommand(): Command {
  return newCommand('server', 'run the Driftless controller against a cluster (foreground)')
    .option(
      '--kubeconfig <path>',
      'kubeconfig of the cluster to manage (default: in-cluster config, else $KUBECONFIG or ~/.kube/config)',
    )
    .option('--namespace <ns>', 'namespace of Applications and AppProjects', 'argocd')
    .option('--port <port>', 'HTTP port of the API, UI, webhooks, /healthz, /readyz and /metrics', '8080')
    .option('--address <addr>', 'HTTP listen address', '127.0.0.1')
    .option('--poll-interval <seconds>', 'refresh every app this often (jittered)', '180')
    .option('--concurrency <n>', 'parallel reconciles', '10')
    .addOption(
      new Option('--tracking <method>', 'how resources are tracked')
        .choices(['annotation', 'label', 'annotation+label'])
        .default('annotation'),
    )
    .addOption(new Option('--log-format <format>', 'log format').choices(['text', 'json']).default('text'))
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .option('--cache-dir <dir>', 'where git checkouts and rendered charts are cached')
    .option(
      '--installation-id <id>',
      "mark tracked resources with this ID (Argo CD's installationID; default: argocd-cm installationID)",
    )
    .action(
      action(async (flags: ServerFlags) => {
        const log = createLogger({ format: flags.logFormat, level: flags.logLevel });
        const connection = flags.kubeconfig
          ? loadKubeconfig(flags.kubeconfig)
          : process.env.KUBERNETES_SERVICE_HOST
            ? inClusterConnection({ env: process.env })
            : loadKubeconfig(defaultKubeconfigPath(process.env));
        const client = new KubeClient(connection);
        const discovery = new Discovery(client);
        const version = await discovery.serverVersion().catch((e: unknown) => {
          throw new AbortError(
            `cannot reach the Kubernetes API at ${connection.server}: ${(e as Error).message}`,
            {
              hint: 'check --kubeconfig; for a local cluster run `driftless cluster up` first',
            },
          );
        });
        log.info('connected', { server: connection.server, kubernetes: version.gitVersion });
        const pollIntervalMs = positiveInt('poll-interval', flags.pollInterval) * 1000;
        // Git timings reach /metrics once the API server (which owns the histograms) is up.
        const gitTimings: { observe?: (kind: 'ls-remote' | 'fetch', ms: number) => void } = {};
        const repo = new RepoService({
          cacheDir: flags.cacheDir ?? join(cacheRoot(), 'repos'),
          revisionCacheTtlMs: Math.min(pollIntervalMs, 180_000),
          onRemoteCall: (kind, ms) => gitTimings.observe?.(kind, ms),
        });
        const controller = new ApplicationController({
          client,
          discovery,
          repo,
          log,
          config: {
            namespace: flags.namespace,
            pollIntervalMs,
            concurrency: positiveInt('concurrency', flags.concurrency),
            trackingMethod: flags.tracking,
            inClusterServer: connection.server,
            ...(flags.installationId ? { installationID: flags.installationId } : {}),
          },
        });
        let ready = false;
        const http = await startApiServer({
          ctx: controller.ctx,
          controller,
          port: Number(flags.port),
          host: flags.address,
          log,
          version: VERSION,
          ready: () => ready,
        });
        gitTimings.observe = (kind, ms) => http.metrics.gitFetch.observe(ms / 1000, `op="${kind}"`);

        await controller.start();
        ready = true;
        log.info('driftless server ready', {
          namespace: flags.namespace,
          http: `http://${flags.address}:${flags.port}`,
        });
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        log.info('shutting down');
        await http.close();
        await controller.stop();
        client.close();
      }),
    );
}
