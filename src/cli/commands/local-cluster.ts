// `driftless local-cluster up|down|status|kubeconfig`: the local real control plane.
import type { Command } from 'commander';
import {
  clusterDown,
  clusterPaths,
  clusterStatus,
  clusterUp,
  isValidClusterName,
  type ClusterStatus,
} from '../../localcluster/index.js';
import { AbortError } from '../../common/errors.js';
import {
  action,
  EXIT,
  newCommand,
  outputOption,
  printStructured,
  printTable,
  progress,
  type OutputFormat,
} from '../output.js';

const DEFAULT_NAME = 'driftless';

function nameOption(cmd: Command): Command {
  return cmd.option('--name <name>', 'cluster name (several named clusters can run at once)', DEFAULT_NAME);
}

function printStatus(s: ClusterStatus, format: OutputFormat): void {
  if (format !== 'table') return printStructured(s, format);
  process.stdout.write(`cluster ${s.name}: ${s.state}\n`);
  if (s.server) process.stdout.write(`server: ${s.server} (Kubernetes ${s.kubernetesVersion ?? '?'})\n`);
  process.stdout.write(`kubeconfig: ${s.kubeconfig}\n`);
  if (s.processes.length > 0) {
    printTable(
      ['COMPONENT', 'PID', 'ALIVE', 'READY', 'RSS'],
      s.processes.map((p) => [
        p.name,
        String(p.pid),
        String(p.alive),
        String(p.ready),
        `${Math.round(p.rssBytes / 2 ** 20)}Mi`,
      ]),
    );
  }
}

export function localClusterCommand(): Command {
  const cluster = newCommand(
    'local-cluster',
    'run a local, real Kubernetes control plane (etcd, apiserver, controller-manager, scheduler, kwok)',
  );

  nameOption(
    cluster.command('up').description('start a control plane (idempotent) and wait until it is ready'),
  )
    .addOption(outputOption())
    .option('--timeout <seconds>', 'seconds to wait for each component', '120')
    .action(
      action(async (opts: { name: string; output: OutputFormat; timeout: string }) => {
        const status = await clusterUp({
          name: opts.name,
          log: progress,
          readyTimeoutSec: Number(opts.timeout),
        });
        if (opts.output === 'table') {
          process.stdout.write(`${status.kubeconfig}\n`);
          progress(
            `use it: kubectl --kubeconfig "$(driftless local-cluster kubeconfig --name ${opts.name})" get nodes`,
          );
        } else printStructured(status, opts.output);
      }),
    );

  nameOption(cluster.command('down').description('stop the control plane (only the processes it started)'))
    .option('--purge', 'also delete its certificates and logs')
    .action(
      action(async (opts: { name: string; purge?: boolean }) => {
        const had = await clusterDown(opts.name, { purge: opts.purge ?? false, log: progress });
        progress(had ? `cluster ${opts.name} stopped` : `cluster ${opts.name} was not running`);
      }),
    );

  nameOption(cluster.command('status').description('show whether each component is alive and ready'))
    .addOption(outputOption())
    .action(
      action(async (opts: { name: string; output: OutputFormat }) => {
        const s = await clusterStatus(opts.name);
        printStatus(s, opts.output);
        return s.state === 'running' ? EXIT.ok : EXIT.failure;
      }),
    );

  nameOption(cluster.command('kubeconfig').description('print the path of the kubeconfig')).action(
    action(async (opts: { name: string }) => {
      if (!isValidClusterName(opts.name)) throw new AbortError(`invalid cluster name "${opts.name}"`);
      const s = await clusterStatus(opts.name);
      if (s.state === 'stopped') {
        throw new AbortError(`cluster ${opts.name} is not running`, {
          hint: `start it: driftless local-cluster up --name ${opts.name}`,
        });
      }
      process.stdout.write(`${clusterPaths(opts.name).kubeconfig}\n`);
    }),
  );
  return cluster;
}
