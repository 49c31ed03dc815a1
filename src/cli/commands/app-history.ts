// `app history` and `app rollback`: the deployed revisions, and syncing back to one of them.
import type { Command } from 'commander';
import { Option } from 'commander';
import { AbortError } from '../../common/errors.js';
import {
  clientFor,
  parseSeconds,
  remoteAction,
  UsageError,
  withRemote,
  type RemoteFlags,
} from '../context-client.js';
import {
  EXIT,
  newCommand,
  outputOption,
  printStructured,
  printTable,
  progress,
  type OutputFormat,
} from '../output.js';
import { followOperation } from './app-sync.js';
import { rollbackViaGit } from './app-rollback-git.js';
import { formatGitAuthor, parseGitAuthor } from '../../common/git-author.js';
import { HISTORY_HEADERS, historyRow, isStructured, previousHistoryId } from './app-view.js';

export function appHistoryCommand(): Command {
  return withRemote(newCommand('history', 'list the revisions an application was synced to'))
    .argument('<name>', 'application name')
    .addOption(outputOption(['table', 'wide', 'json', 'yaml']))
    .action(
      remoteAction(async (name: string, f: RemoteFlags & { output: OutputFormat }) => {
        const history = (await clientFor(f).getApplication(name)).status?.history ?? [];
        if (isStructured(f.output)) return printStructured(history, f.output);
        printTable(HISTORY_HEADERS, history.map(historyRow));
      }),
    );
}

interface RollbackFlags extends RemoteFlags {
  git?: boolean;
  to?: string;
  author?: string;
  output: OutputFormat;
  prune?: boolean;
  dryRun?: boolean;
  async?: boolean;
  timeout: number;
}

export function appRollbackCommand(): Command {
  return withRemote(
    newCommand('rollback', 'sync an application back to a history entry (default: the previous one)'),
  )
    .argument('<name>', 'application name')
    .argument('[id]', 'history ID (see: driftless app history NAME)')
    .option(
      '--git',
      'roll back in Git: revert the deployed commits in one commit pushed to the branch the app follows (or a review branch when its project requires review), then wait until it is Synced to it; works with auto-sync on',
    )
    .option(
      '--to <revision>',
      'with --git: the revision to return to (default: the previous one in the history)',
    )
    .option(
      '--author <name-email>',
      'with --git: the commit author "Name <email>" (default: argocd-cm driftless.git-write.author, else Driftless <driftless@localhost>)',
    )
    .addOption(outputOption(['table', 'json']))
    .option('--prune', 'delete resources that the old revision does not have')
    .option('--dry-run', 'preview the rollback without changing anything')
    .option('--async', 'start the rollback and return without following it')
    .addOption(
      new Option('--timeout <seconds>', 'give up after this many seconds (0: no limit)')
        .argParser(parseSeconds)
        .default(0, '0'),
    )
    .action(
      remoteAction(async (name: string, idArg: string | undefined, f: RollbackFlags) => {
        if (f.git) {
          if (idArg !== undefined)
            throw new UsageError('with --git, name the revision with --to, not a history ID');
          return rollbackViaGit(clientFor(f), name, {
            to: f.to,
            author:
              f.author === undefined ? undefined : formatGitAuthor(parseGitAuthor(f.author, '--author')),
            async: f.async,
            json: f.output === 'json',
            timeoutMs: f.timeout || 300_000,
          });
        }
        if (f.to !== undefined) throw new UsageError('--to needs --git (without it, name a history ID)');
        if (f.author !== undefined) throw new UsageError('--author needs --git (a sync writes no commit)');
        if (idArg !== undefined && !/^\d+$/.test(idArg))
          throw new UsageError(`history ID must be a number, got "${idArg}"`);
        const client = clientFor(f);
        const app = await client.getApplication(name);
        const id = idArg !== undefined ? Number(idArg) : previousHistoryId(app.status?.history ?? []);
        if (id === undefined)
          throw new AbortError(`${name} has no earlier history entry to roll back to`, {
            hint: `see the entries with: driftless app history ${name}`,
          });
        const started = await client.rollbackApplication(name, id, {
          ...(f.prune ? { prune: true } : {}),
          ...(f.dryRun ? { dryRun: true } : {}),
        });
        progress(`rollback of ${name} to history entry ${id} started`);
        if (f.async) return EXIT.ok;
        return followOperation(client, name, started.status?.operationState?.startedAt, f.timeout);
      }),
    );
}
