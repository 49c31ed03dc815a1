// `app sync` and `app wait`: start a sync and follow it per resource; wait for health, sync and operations.
import type { Command } from 'commander';
import { Option } from 'commander';
import { AbortError } from '../../common/errors.js';
import type { Application } from '../../model/index.js';
import type { ApiClient } from '../../server/api-client.js';
import {
  clientFor,
  collect,
  parseSeconds,
  remoteAction,
  withRemote,
  type RemoteFlags,
} from '../context-client.js';
import { EXIT, newCommand, progress } from '../output.js';
import { followApp, operationFinished, ResourceProgress } from './app-follow.js';
import { parseResourceArg } from './app-resource-arg.js';

interface SyncFlags extends RemoteFlags {
  prune?: boolean;
  dryRun?: boolean;
  revision?: string;
  resource?: string[];
  syncOption?: string[];
  async?: boolean;
  timeout: number;
}

export function appSyncCommand(): Command {
  return withRemote(newCommand('sync', 'sync an application to its target state and follow the operation'))
    .argument('<name>', 'application name')
    .option('--prune', 'delete resources that are no longer in Git')
    .option('--dry-run', 'preview the sync without changing anything')
    .option('--revision <rev>', 'sync to this revision instead of the target revision')
    .option(
      '--resource <GROUP:KIND:NAME>',
      'sync only this resource (repeatable; NAME may be NAMESPACE/NAME)',
      collect,
    )
    .option(
      '--sync-option <K=V>',
      'sync option for this sync, e.g. ServerSideApply=true (repeatable)',
      collect,
    )
    .option('--async', 'start the sync and return without following it')
    .addOption(timeoutOption())
    .action(
      remoteAction(async (name: string, f: SyncFlags) => {
        const resources = (f.resource ?? []).map(parseResourceArg);
        const client = clientFor(f);
        const started = await client.syncApplication(name, {
          ...(f.prune ? { prune: true } : {}),
          ...(f.dryRun ? { dryRun: true } : {}),
          ...(f.revision ? { revision: f.revision } : {}),
          ...(resources.length > 0 ? { resources } : {}),
          ...(f.syncOption ? { syncOptions: f.syncOption } : {}),
        });
        progress(`sync of ${name} started${f.dryRun ? ' (dry run)' : ''}`);
        if (f.async) return EXIT.ok;
        return followOperation(client, name, started.status?.operationState?.startedAt, f.timeout);
      }),
    );
}

/** Follows the operation started after `previousStartedAt`; exit 0 when it succeeded, 1 otherwise. */
export async function followOperation(
  client: ApiClient,
  name: string,
  previousStartedAt: string | undefined,
  timeoutMs: number,
): Promise<number> {
  const view = new ResourceProgress();
  const { app, timedOut } = await followApp(client, name, (a) => operationFinished(a, previousStartedAt), {
    timeoutMs,
    onUpdate: (a) => view.operation(a.status?.operationState, previousStartedAt),
  });
  if (timedOut)
    throw new AbortError(`the operation on ${name} did not finish within ${timeoutMs / 1000}s`, {
      hint: `it keeps running on the server: follow it with driftless app wait ${name} --operation, or stop it with driftless app terminate-op ${name}`,
    });
  const op = app?.status?.operationState;
  const rev = op?.syncResult?.revision;
  const line = `${name}: ${op?.phase ?? 'Unknown'}${op?.message ? `: ${op.message}` : ''}${rev ? ` (revision ${rev.slice(0, 7)})` : ''}`;
  if (op?.phase === 'Succeeded') {
    process.stdout.write(`${line}\n`);
    return EXIT.ok;
  }
  throw new AbortError(line, {
    hint: `see each resource with: driftless app get ${name} and driftless app resources ${name}`,
  });
}

interface WaitFlags extends RemoteFlags {
  health?: boolean;
  sync?: boolean;
  operation?: boolean;
  timeout: number;
}

/** The conditions `app wait` was asked for that `app` does not meet yet. */
export function unmet(
  app: Application | undefined,
  want: { health: boolean; sync: boolean; operation: boolean },
): string[] {
  const s = app?.status;
  const out: string[] = [];
  if (want.sync && s?.sync?.status !== 'Synced')
    out.push(`sync is ${s?.sync?.status ?? 'Unknown'}, not Synced`);
  if (want.health && s?.health?.status !== 'Healthy')
    out.push(`health is ${s?.health?.status ?? 'Unknown'}, not Healthy`);
  const phase = s?.operationState?.phase;
  if (want.operation && (app?.operation || phase === 'Running' || phase === 'Terminating'))
    out.push(`an operation is still ${phase ?? 'pending'}`);
  return out;
}

export function appWaitCommand(): Command {
  return withRemote(
    newCommand(
      'wait',
      'wait until an application is healthy, synced and idle (all three when none is named)',
    ),
  )
    .argument('<name>', 'application name')
    .option('--health', 'wait for health Healthy')
    .option('--sync', 'wait for sync Synced')
    .option('--operation', 'wait until no operation is running')
    .addOption(timeoutOption())
    .action(
      remoteAction(async (name: string, f: WaitFlags) => {
        const any = f.health || f.sync || f.operation;
        const want = { health: !any || !!f.health, sync: !any || !!f.sync, operation: !any || !!f.operation };
        const view = new ResourceProgress();
        const { app, timedOut } = await followApp(clientFor(f), name, (a) => unmet(a, want).length === 0, {
          timeoutMs: f.timeout,
          onUpdate: (a) => view.resources(a),
        });
        if (timedOut)
          throw new AbortError(
            `timed out after ${f.timeout / 1000}s waiting for ${name}: ${unmet(app, want).join('; ')}`,
            {
              hint: `see why with: driftless app get ${name}`,
            },
          );
        process.stdout.write(
          `${name}: ${app?.status?.sync?.status ?? ''} ${app?.status?.health?.status ?? ''}\n`,
        );
      }),
    );
}

function timeoutOption(): Option {
  return new Option('--timeout <seconds>', 'give up after this many seconds (0: no limit)')
    .argParser(parseSeconds)
    .default(0, '0');
}
