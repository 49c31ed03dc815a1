// `driftless app …`: the application commands, each a thin layer over the API client, loaded only when run.
import type { Command } from 'commander';
import { newCommand } from '../output.js';

/** Each subcommand (and its aliases) and how to load it; help loads them all, in this order. */
const SUBCOMMANDS: [names: string[], load: () => Promise<Command>][] = [
  [['list', 'ls'], async () => (await import('./app-list.js')).appListCommand()],
  [['get'], async () => (await import('./app-list.js')).appGetCommand()],
  [['create'], async () => (await import('./app-create.js')).appCreateCommand()],
  [['set'], async () => (await import('./app-create.js')).appSetCommand()],
  [['unset'], async () => (await import('./app-create.js')).appUnsetCommand()],
  [['delete'], async () => (await import('./app-misc.js')).appDeleteCommand()],
  [['sync'], async () => (await import('./app-sync.js')).appSyncCommand()],
  [['diff'], async () => (await import('./app-diff.js')).appDiffCommand()],
  [['history'], async () => (await import('./app-history.js')).appHistoryCommand()],
  [['rollback'], async () => (await import('./app-history.js')).appRollbackCommand()],
  [['wait'], async () => (await import('./app-sync.js')).appWaitCommand()],
  [['manifests'], async () => (await import('./app-misc.js')).appManifestsCommand()],
  [['terminate-op'], async () => (await import('./app-misc.js')).appTerminateOpCommand()],
  [['resources'], async () => (await import('./app-misc.js')).appResourcesCommand()],
  [['logs'], async () => (await import('./app-logs.js')).appLogsCommand()],
  [['actions'], async () => (await import('./app-resource-ops.js')).appActionsCommand()],
  [['delete-resource'], async () => (await import('./app-resource-ops.js')).appDeleteResourceCommand()],
  [['patch-resource'], async () => (await import('./app-resource-ops.js')).appPatchResourceCommand()],
];

/** `app` with only the subcommand `args` names (`app get x` loads `get` alone); all of them for help or typos. */
export async function appCommand(args: readonly string[] = []): Promise<Command> {
  const name = args.find((a) => !a.startsWith('-'));
  const only = SUBCOMMANDS.filter(([names]) => name !== undefined && names.includes(name));
  const chosen = only.length > 0 ? only : SUBCOMMANDS;
  const app = newCommand('app', 'manage applications on a Driftless server');
  for (const command of await Promise.all(chosen.map(([, load]) => load()))) app.addCommand(command);
  return app;
}
