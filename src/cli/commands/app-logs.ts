// `driftless app logs`: container logs of an app's pods (one pod, one workload's, or all), optionally followed.
import { InvalidArgumentError, type Command } from 'commander';
import { parseDuration } from '../../common/duration.js';
import type { LogsQuery } from '../../server/api-client.js';
import { clientFor, remoteAction, UsageError, withRemote, type RemoteFlags } from '../context-client.js';
import { newCommand } from '../output.js';

interface LogsFlags extends RemoteFlags {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  container?: string;
  follow?: boolean;
  tail?: number;
  sinceSeconds?: number;
  since?: number;
  filter?: string;
  matchCase?: boolean;
  previous?: boolean;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return n;
}

function durationSeconds(value: string): number {
  const d = parseDuration(value);
  if (!d.ok) throw new InvalidArgumentError(d.message);
  return Math.max(1, Math.ceil(d.ms / 1000));
}

export function logsQuery(f: LogsFlags): LogsQuery {
  const q: LogsQuery = {};
  if (f.kind === 'Pod' && !f.group && f.name) q.podName = f.name;
  else if (f.kind || f.name) {
    q.kind = f.kind ?? '';
    q.resourceName = f.name ?? '';
    if (f.group) q.group = f.group;
  }
  if (f.namespace) q.namespace = f.namespace;
  if (f.container) q.container = f.container;
  if (f.follow) q.follow = true;
  if (f.tail !== undefined) q.tailLines = f.tail;
  const since = f.since ?? f.sinceSeconds;
  if (since !== undefined) q.sinceSeconds = since;
  if (f.filter) q.filter = f.filter;
  if (f.matchCase) q.matchCase = true;
  if (f.previous) q.previous = true;
  return q;
}

export function appLogsCommand(): Command {
  return withRemote(newCommand('logs', 'print the container logs of an application’s pods'))
    .argument('<name>', 'application name')
    .option('--group <group>', 'API group of --kind (empty: core)')
    .option('--kind <kind>', 'kind of the resource whose pods to read, e.g. Deployment (Pod: one pod)')
    .option('--name <name>', 'name of that resource')
    .option('--namespace <ns>', 'namespace of that resource')
    .option('-c, --container <name>', 'container (default: each pod’s first)')
    .option('-f, --follow', 'keep printing new lines until interrupted')
    .option('--tail <lines>', 'only the last lines of each container', wholeNumber)
    .option('--since <duration>', 'only lines this recent, e.g. 30s, 5m, 1h', durationSeconds)
    .option('--since-seconds <seconds>', 'only lines this many seconds recent', wholeNumber)
    .option('--filter <text>', 'only lines containing text (leading !: not containing)')
    .option('--match-case', 'filter case-sensitively')
    .option('-p, --previous', 'the previous (terminated) container’s log')
    .action(
      remoteAction(async (app: string, f: LogsFlags) => {
        if (!f.kind !== !f.name && f.kind !== 'Pod')
          throw new UsageError('--kind and --name go together', {
            hint: 'e.g. --kind Deployment --name web',
          });
        const abort = new AbortController();
        const stop = () => abort.abort();
        process.once('SIGINT', stop);
        try {
          for await (const entry of clientFor(f).applicationLogs(app, logsQuery(f), abort.signal))
            process.stdout.write(`${entry.content ?? ''}\n`);
        } finally {
          process.off('SIGINT', stop);
        }
      }),
    );
}
