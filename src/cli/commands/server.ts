// `driftless server`: flags and environment → options → runServer, in the foreground until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { Option } from 'commander';
import { AbortError } from '../../common/errors.js';
import { runServer } from '../../main/run-server.js';
import { validateOptions, type ServerOptions } from '../../main/server-config.js';
import { parseByteQuantity } from '../../render/index.js';
import { packageVersion } from '../package-version.js';
import { action, newCommand } from '../output.js';

interface ServerFlags {
  kubeconfig?: string;
  namespace?: string;
  port?: string;
  metricsPort?: string;
  address?: string;
  pollInterval?: string;
  concurrency?: string;
  operationProcessors?: string;
  logFormat?: string;
  logLevel?: string;
  cacheDir?: string;
  tracking?: string;
  installationId?: string;
  rootpath?: string;
  staticassets?: string;
  maxManifestsSize?: string;
  maxManifestFiles?: string;
  maxYamlAliases?: string;
  maxYamlDepth?: string;
  renderSandbox?: 'bwrap' | 'auto' | 'off';
  insecure?: boolean;
  installCrds?: boolean;
  component?: string;
  repoServer?: string;
  disableTls?: boolean;
  tlsCertDir?: string;
  repoServerPlaintext?: boolean;
  repoServerStrictTls?: boolean;
  pluginDir?: string;
  controllerReplicas?: string;
  controllerId?: string;
  controllerShard?: string;
  shardingAlgorithm?: string;
  shardingBy?: string;
  shardLeaseDuration?: string;
}

function wholeNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v))
    throw new AbortError(`--${name} must be a whole number, got "${v}"`, {
      hint: 'see driftless server --help',
    });
  return n;
}

const FLAG_NAMES: Partial<Record<keyof ServerOptions, string>> = {
  cluster: '--kubeconfig',
  namespace: '--namespace',
  port: '--port',
  metricsPort: '--metrics-port',
  address: '--address',
  reconciliationMs: '--poll-interval',
  statusProcessors: '--concurrency',
  operationProcessors: '--operation-processors',
  cacheDir: '--cache-dir',
  installationID: '--installation-id',
  rootPath: '--rootpath',
  uiDir: '--staticassets',
  maxManifestBytes: '--max-manifests-size',
  maxManifestFiles: '--max-manifest-files',
  maxYamlAliases: '--max-yaml-aliases',
  maxYamlDepth: '--max-yaml-depth',
  renderSandbox: '--render-sandbox',
  insecure: '--insecure',
  installCrds: '--install-crds',
  component: '--component',
  repoServer: '--repo-server',
  disableTls: '--disable-tls',
  tlsCertDir: '--tls-cert-dir',
  repoServerPlaintext: '--repo-server-plaintext',
  repoServerStrictTls: '--repo-server-strict-tls',
  pluginDir: '--plugin-dir',
  controllerReplicas: '--controller-replicas',
  controllerId: '--controller-id',
  controllerShard: '--controller-shard',
  shardingAlgorithm: '--sharding-algorithm',
  shardingBy: '--sharding-by',
  shardLeaseDurationMs: '--shard-lease-duration',
};

/** Flags as options: a flag not given stays absent, so argocd-cmd-params-cm and defaults apply. */
export function optionsFromFlags(flags: ServerFlags): ServerOptions {
  const pollSeconds = wholeNumber('poll-interval', flags.pollInterval);
  return validateOptions(
    {
      cluster: flags.kubeconfig ? { kind: 'kubeconfig', path: flags.kubeconfig } : undefined,
      namespace: flags.namespace,
      port: wholeNumber('port', flags.port),
      metricsPort: wholeNumber('metrics-port', flags.metricsPort),
      address: flags.address,
      reconciliationMs: pollSeconds === undefined ? undefined : pollSeconds * 1000,
      statusProcessors: wholeNumber('concurrency', flags.concurrency),
      operationProcessors: wholeNumber('operation-processors', flags.operationProcessors),
      tracking: flags.tracking,
      logFormat: flags.logFormat,
      logLevel: flags.logLevel,
      cacheDir: flags.cacheDir,
      installationID: flags.installationId,
      rootPath: flags.rootpath,
      uiDir: flags.staticassets,
      maxManifestBytes:
        flags.maxManifestsSize === undefined ? undefined : (parseByteQuantity(flags.maxManifestsSize) ?? -1),
      maxManifestFiles: wholeNumber('max-manifest-files', flags.maxManifestFiles),
      maxYamlAliases: wholeNumber('max-yaml-aliases', flags.maxYamlAliases),
      maxYamlDepth: wholeNumber('max-yaml-depth', flags.maxYamlDepth),
      renderSandbox: flags.renderSandbox,
      insecure: flags.insecure,
      installCrds: flags.installCrds,
      component: flags.component,
      repoServer: flags.repoServer,
      disableTls: flags.disableTls,
      tlsCertDir: flags.tlsCertDir,
      repoServerPlaintext: flags.repoServerPlaintext,
      repoServerStrictTls: flags.repoServerStrictTls,
      pluginDir: flags.pluginDir,
      controllerReplicas: wholeNumber('controller-replicas', flags.controllerReplicas),
      controllerId: flags.controllerId,
      controllerShard: wholeNumber('controller-shard', flags.controllerShard),
      shardingAlgorithm: flags.shardingAlgorithm,
      shardingBy: flags.shardingBy,
      shardLeaseDurationMs: (() => {
        const s = wholeNumber('shard-lease-duration', flags.shardLeaseDuration);
        return s === undefined ? undefined : s * 1000;
      })(),
    },
    'flags',
    FLAG_NAMES,
  );
}

export function serverCommand(): Command {
  return newCommand('server', 'run the Driftless controller, API and UI against a cluster (foreground)')
    .option(
      '--kubeconfig <path>',
      'kubeconfig of the cluster to manage (default: in-cluster config, else $KUBECONFIG or ~/.kube/config)',
    )
    .option('--namespace <ns>', 'namespace of Applications, AppProjects and settings (default: argocd)')
    .option('--port <port>', 'port of the API, UI, webhooks, /healthz, /readyz and /metrics (default: 8080)')
    .option(
      '--metrics-port <port>',
      'also serve /metrics (and probes) on this plain-HTTP port, as Argo CD: 8082 controller, 8083 server',
    )
    .option('--address <addr>', 'HTTP listen address (default: 127.0.0.1)')
    .option(
      '--poll-interval <seconds>',
      'refresh every app this often, jittered (default: argocd-cm timeout.reconciliation, else 180)',
    )
    .option('--concurrency <n>', 'parallel refreshes (default: controller.status.processors, else 10)')
    .option(
      '--operation-processors <n>',
      'parallel sync operations, on workers of their own (default: controller.operation.processors, else 10)',
    )
    .addOption(
      new Option('--tracking <method>', 'how resources are tracked (default: annotation)').choices([
        'annotation',
        'label',
        'annotation+label',
      ]),
    )
    .addOption(new Option('--log-format <format>', 'log format (default: text)').choices(['text', 'json']))
    .addOption(
      new Option('--log-level <level>', 'log level (default: info)').choices([
        'debug',
        'info',
        'warn',
        'error',
      ]),
    )
    .option(
      '--cache-dir <dir>',
      'where git checkouts and rendered charts are cached (default: $DRIFTLESS_CACHE/repos)',
    )
    .option(
      '--installation-id <id>',
      "mark tracked resources with this ID (Argo CD's installationID; default: argocd-cm installationID)",
    )
    .option('--rootpath <path>', 'serve everything under this path prefix (server.rootpath)')
    .option('--staticassets <dir>', 'directory of the built UI (server.staticassets; default: ui/dist)')
    .option(
      '--max-manifests-size <size>',
      'combined manifest size of one render (reposerver.max.combined.directory.manifests.size; default 10M)',
    )
    .option('--max-manifest-files <n>', 'manifest files of one directory source (default 10000)')
    .option('--max-yaml-aliases <n>', 'alias expansions of one YAML document (default 1000)')
    .option('--max-yaml-depth <n>', 'nesting depth of one document (default 256)')
    .addOption(
      new Option(
        '--render-sandbox <mode>',
        'confine helm/kustomize/jsonnet (default bwrap; auto falls back to unconfined tools where the ' +
          'kernel refuses, default of the repo-server component; off: only if every repo writer is trusted)',
      ).choices(['bwrap', 'auto', 'off']),
    )
    .option(
      '--insecure',
      'serve plain HTTP, TLS ending in front (server.insecure); default: HTTPS and HTTP/2 with the ' +
        'certificate of argocd-server-tls or argocd-secret, generated at first start',
    )
    .option(
      '--install-crds',
      'apply the argoproj.io CRDs at start, taking them over (default: only check the installed ones)',
    )
    .addOption(
      new Option('--component <name>', 'what this process runs (default: all)').choices([
        'all',
        'application-controller',
        'server',
        'repo-server',
      ]),
    )
    .option(
      '--repo-server <address>',
      'use the repo server at host:port or unix:/path (repo.server) instead of rendering in this process; ' +
        'token from $DRIFTLESS_REPO_SERVER_TOKEN, else the driftless-repo-server Secret',
    )
    .option(
      '--repo-server-plaintext',
      'reach the repo server over plain HTTP (controller.repo.server.plaintext); default: TLS, not verified',
    )
    .option(
      '--repo-server-strict-tls',
      "verify the repo server's certificate against ca.crt (else tls.crt) of the argocd-repo-server-tls Secret",
    )
    .option(
      '--disable-tls',
      'repo-server component: serve plain HTTP (reposerver.disable.tls); default: TLS with the mounted or a generated certificate',
    )
    .option(
      '--tls-cert-dir <dir>',
      'repo-server component: where tls.crt and tls.key of argocd-repo-server-tls are mounted ' +
        '(default /app/config/reposerver/tls; none there: a self-signed certificate made at start)',
    )
    .option(
      '--plugin-dir <dir>',
      'config management plugins: <dir>/*.yaml and <dir>/<name>/plugin.yaml (reposerver.plugin.dir; ' +
        'default ~/.config/driftless/plugins); see docs/plugins.md',
    )
    .option(
      '--controller-replicas <n>',
      'controller replicas (ARGOCD_CONTROLLER_REPLICAS); above 1 each takes its share of apps through a Lease',
    )
    .option('--controller-id <id>', "this replica's name in its shard Lease (default: the host name)")
    .option(
      '--controller-shard <index>',
      "this replica's shard index (ARGOCD_CONTROLLER_SHARD; default: its StatefulSet ordinal): clusters whose Secret sets shard: <index> are its own",
    )
    .addOption(
      new Option(
        '--sharding-algorithm <name>',
        'controller.sharding.algorithm (see docs/sharding.md)',
      ).choices(['consistent-hashing', 'legacy', 'round-robin']),
    )
    .addOption(
      new Option('--sharding-by <key>', 'hash apps one by one or by destination cluster').choices([
        'app',
        'cluster',
      ]),
    )
    .option(
      '--shard-lease-duration <seconds>',
      "a stopped replica's apps move this long after its last Lease renewal (default 8)",
    )
    .action(
      action(async (flags: ServerFlags) => {
        const server = await runServer(optionsFromFlags(flags), { version: packageVersion() });
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await server.stop();
      }),
    );
}
