// `driftless app …`: the application commands, each a thin layer over the API client.
import type { Command } from 'commander';
import { newCommand } from '../output.js';
import { appCreateCommand, appSetCommand, appUnsetCommand } from './app-create.js';
import { appDiffCommand } from './app-diff.js';
import { appHistoryCommand, appRollbackCommand } from './app-history.js';
import { appGetCommand, appListCommand } from './app-list.js';
import { appLogsCommand } from './app-logs.js';
import { appActionsCommand, appDeleteResourceCommand, appPatchResourceCommand } from './app-resource-ops.js';
import {
  appDeleteCommand,
  appManifestsCommand,
  appResourcesCommand,
  appTerminateOpCommand,
} from './app-misc.js';
import { appSyncCommand, appWaitCommand } from './app-sync.js';

export function appCommand(): Command {
  return newCommand('app', 'manage applications on a Driftless server')
    .addCommand(appListCommand())
    .addCommand(appGetCommand())
    .addCommand(appCreateCommand())
    .addCommand(appSetCommand())
    .addCommand(appUnsetCommand())
    .addCommand(appDeleteCommand())
    .addCommand(appSyncCommand())
    .addCommand(appDiffCommand())
    .addCommand(appHistoryCommand())
    .addCommand(appRollbackCommand())
    .addCommand(appWaitCommand())
    .addCommand(appManifestsCommand())
    .addCommand(appTerminateOpCommand())
    .addCommand(appResourcesCommand())
    .addCommand(appLogsCommand())
    .addCommand(appActionsCommand())
    .addCommand(appDeleteResourceCommand())
    .addCommand(appPatchResourceCommand());
}
