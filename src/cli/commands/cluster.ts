// `driftless cluster add|list|get|set|rm|rotate-auth`: destination clusters on the server, as argocd manages them.
import type { Command } from 'commander';
import { installManager } from '../../kube/cluster-access.js';
import { KubeClient } from '../../kube/client.js';
import { defaultKubeconfigPath, loadKubeconfig } from '../../kube/kubeconfig.js';
import { clusterApi, type ClusterId, type ClusterInput } from '../../server/cluster-api-client.js';
import type { ClusterView } from '../../server/cluster-view.js';
import {
  clientFor,
  collect,
  remoteAction,
  UsageError,
  withRemote,
  type RemoteFlags,
} from '../context-client.js';
import {
  newCommand,
  outputOption,
  printStructured,
  printTable,
  progress,
  type OutputFormat,
} from '../output.js';

interface MetaFlags {
  label?: string[];
  annotation?: string[];
  namespace?: string[];
  clusterResources?: boolean;
  project?: string;
  name?: string;
  shard?: string;
}

interface AddFlags extends RemoteFlags, MetaFlags {
  kubeconfig?: string;
  upsert?: boolean;
  inCluster?: boolean;
}

/** `k=v` flags as a map; a flag without `=` is a usage error (exit 2). */
function pairs(values: string[] | undefined, flag: string): Record<string, string> | undefined {
  if (!values) return undefined;
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i <= 0) throw new UsageError(`--${flag} ${v}: expected key=value`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

/** Flags every write shares (add, set). */
function withMeta(cmd: Command): Command {
  return cmd
    .option(
      '--label <k=v>',
      'label of the cluster Secret, for ApplicationSet selectors (repeatable)',
      collect,
    )
    .option('--annotation <k=v>', 'annotation of the cluster Secret (repeatable)', collect)
    .option(
      '--namespace <ns>',
      'manage only this namespace (repeatable; default: the whole cluster)',
      collect,
    )
    .option('--cluster-resources', 'with --namespace: manage cluster-scoped resources too')
    .option('--project <name>', 'scope the cluster to a project')
    .option(
      '--shard <index>',
      "pin the cluster's apps to this controller shard (Argo CD's shard; -1 removes the pin; docs/sharding.md)",
    );
}

function metaBody(f: MetaFlags): Omit<ClusterInput, 'server'> {
  const labels = pairs(f.label, 'label');
  const annotations = pairs(f.annotation, 'annotation');
  return {
    ...(f.name ? { name: f.name } : {}),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
    ...(f.namespace ? { namespaces: f.namespace } : {}),
    ...(f.clusterResources ? { clusterResources: true } : {}),
    ...(f.project ? { project: f.project } : {}),
    ...(f.shard === undefined ? {} : { shard: shardFlag(f.shard) }),
  };
}

function shardFlag(v: string): number | null {
  if (v.trim() === '-1') return null;
  if (!/^\s*\d{1,9}\s*$/.test(v))
    throw new UsageError(`--shard ${v}: expected a shard index (0, 1, …) or -1`);
  return Number(v);
}

/** A URL names a cluster by server; anything else by name. */
function idOf(arg: string): ClusterId {
  return /^https?:\/\//.test(arg) ? { id: arg } : { id: arg, byName: true };
}

function clusterAdd(): Command {
  return withMeta(withRemote(newCommand('add', 'add the cluster of a kubeconfig context as a destination')))
    .argument('<context>', 'kubeconfig context of the cluster')
    .option('--name <name>', 'cluster name (default: the context name)')
    .option('--kubeconfig <path>', 'kubeconfig (default: $KUBECONFIG, merged, or ~/.kube/config)')
    .option('--upsert', 'replace the cluster if it already exists')
    .option(
      '--in-cluster',
      'store https://kubernetes.default.svc as the server (Driftless runs in that cluster)',
    )
    .action(
      remoteAction(async (context: string, f: AddFlags) => {
        const meta = metaBody(f); // flag mistakes before any connection
        const path = f.kubeconfig ?? defaultKubeconfigPath(process.env);
        const conn = loadKubeconfig(path, { context });
        const target = new KubeClient(conn);
        let token: string;
        try {
          progress(`creating ServiceAccount kube-system/argocd-manager and its role in ${conn.server}`);
          token = await installManager(target, { namespaces: f.namespace ?? [] });
        } finally {
          target.close();
        }
        const tls = {
          ...(conn.ca ? { caData: conn.ca.toString('base64') } : {}),
          ...(conn.insecureSkipTlsVerify ? { insecure: true } : {}),
          ...(conn.tlsServerName ? { serverName: conn.tlsServerName } : {}),
        };
        const body: ClusterInput = {
          server: f.inCluster ? 'https://kubernetes.default.svc' : conn.server,
          name: f.name ?? context,
          ...meta,
          config: {
            bearerToken: token,
            tlsClientConfig: tls,
            ...(conn.proxyUrl ? { proxyUrl: conn.proxyUrl } : {}),
          },
        };
        const added = await clusterApi(clientFor(f)).create(body, f.upsert === true);
        process.stdout.write(`Cluster '${added.server}' added\n`);
      }),
    );
}

function printClusters(items: ClusterView[], format: OutputFormat): void {
  if (format === 'json' || format === 'yaml') return printStructured(items, format);
  if (format === 'name') return void process.stdout.write(items.map((c) => `${c.server}\n`).join(''));
  const wide = format === 'wide';
  printTable(
    [
      'SERVER',
      'NAME',
      'VERSION',
      'STATUS',
      'MESSAGE',
      'PROJECT',
      'APPS',
      ...(wide ? ['RESOURCES', 'LAST SYNC', 'SHARD', 'LABELS'] : []),
    ],
    items.map((c) => [
      c.server,
      c.name,
      c.info.serverVersion,
      c.info.connectionState.status,
      c.info.connectionState.message,
      c.project ?? '',
      String(c.info.applicationsCount),
      ...(wide
        ? [
            String(c.info.cacheInfo.resourcesCount),
            c.info.cacheInfo.lastCacheSyncTime ?? '',
            shardCell(c),
            Object.entries(c.labels ?? {})
              .map(([k, v]) => `${k}=${v}`)
              .join(','),
          ]
        : []),
    ]),
  );
}

/** The pin and, on `get`, the replica that owns the cluster's apps: `1 (controller-1)`. */
function shardCell(c: ClusterView): string {
  const owner = c.info.controllerShard?.replica;
  const pin = c.shard === undefined ? '' : String(c.shard);
  return owner ? `${pin ? `${pin} ` : ''}(${owner})`.trim() : pin;
}

function clusterList(): Command {
  return withRemote(newCommand('list', 'list clusters with their connection state'))
    .alias('ls')
    .addOption(outputOption(['table', 'wide', 'json', 'yaml', 'name']))
    .action(
      remoteAction(async (f: RemoteFlags & { output: OutputFormat }) => {
        printClusters((await clusterApi(clientFor(f)).list()).items, f.output);
      }),
    );
}

function clusterGet(): Command {
  return withRemote(newCommand('get', 'show one cluster (by server URL or name)'))
    .argument('<server-or-name>', 'cluster URL or name')
    .addOption(outputOption(['json', 'yaml', 'wide', 'table'], 'yaml'))
    .action(
      remoteAction(async (arg: string, f: RemoteFlags & { output: OutputFormat }) => {
        const c = await clusterApi(clientFor(f)).get(idOf(arg));
        if (f.output === 'json' || f.output === 'yaml') printStructured(c, f.output);
        else printClusters([c], f.output);
      }),
    );
}

function clusterSet(): Command {
  return withMeta(
    withRemote(newCommand('set', 'change a cluster: name, labels, annotations, namespaces, project')),
  )
    .argument('<server-or-name>', 'cluster URL or name')
    .option('--name <name>', 'new name')
    .action(
      remoteAction(async (arg: string, f: RemoteFlags & MetaFlags) => {
        const api = clusterApi(clientFor(f));
        const id = idOf(arg);
        const current = await api.get(id);
        await api.update(id, { server: current.server, ...metaBody(f) });
        process.stdout.write(`Cluster '${current.server}' updated\n`);
      }),
    );
}

function clusterRm(): Command {
  return withRemote(newCommand('rm', 'remove clusters (their Secrets); apps deploying there become invalid'))
    .argument('<server-or-name...>', 'cluster URLs or names')
    .action(
      remoteAction(async (args: string[], f: RemoteFlags) => {
        const api = clusterApi(clientFor(f));
        for (const arg of args) {
          await api.remove(idOf(arg));
          process.stdout.write(`Cluster '${arg}' removed\n`);
        }
      }),
    );
}

function clusterRotateAuth(): Command {
  return withRemote(newCommand('rotate-auth', 'issue a new argocd-manager token and revoke the old ones'))
    .argument('<server-or-name>', 'cluster URL or name')
    .action(
      remoteAction(async (arg: string, f: RemoteFlags) => {
        await clusterApi(clientFor(f)).rotateAuth(idOf(arg));
        process.stdout.write(`Cluster '${arg}' credentials rotated\n`);
      }),
    );
}

export function clusterCommand(): Command {
  return newCommand('cluster', 'manage the clusters applications deploy to (Argo CD cluster Secrets)')
    .addCommand(clusterAdd())
    .addCommand(clusterList())
    .addCommand(clusterGet())
    .addCommand(clusterSet())
    .addCommand(clusterRm())
    .addCommand(clusterRotateAuth());
}
