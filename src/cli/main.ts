// The `driftless` command line: thin commands that parse flags and call one service each.
import { Command } from 'commander';
import { clusterCommand } from './commands/cluster.js';
import { versionCommand, VERSION } from './commands/version.js';
import { serverCommand } from './commands/server.js';
import { manifestsCommand } from './commands/manifests.js';
import { adminDiffCommand } from './commands/admin-diff.js';
import { adminHealthCommand } from './commands/admin-health.js';
import { adminNotificationsCommand } from './commands/admin-notifications.js';
import { newCommand } from './output.js';
import { loginCommand, logoutCommand, contextCommand } from './commands/login.js';
import { appCommand } from './commands/app.js';
import { repoCommand } from './commands/repo.js';
import { repoCredsCommand } from './commands/repocreds.js';
import { projCommand } from './commands/proj.js';
import { accountCommand } from './commands/account.js';

export function buildProgram(): Command {
  const program = new Command('driftless')
    .description("GitOps continuous delivery for Kubernetes (speaks Argo CD's Application API)")
    .version(VERSION, '--version', 'print the version');
  program.addCommand(clusterCommand());
  program.addCommand(serverCommand());
  program.addCommand(manifestsCommand());
  program.addCommand(
    newCommand('admin', 'offline tools: compare objects, evaluate health as the controller does')
      .addCommand(adminDiffCommand())
      .addCommand(adminHealthCommand())
      .addCommand(adminNotificationsCommand()),
  );
  program.addCommand(loginCommand());
  program.addCommand(logoutCommand());
  program.addCommand(contextCommand());
  program.addCommand(appCommand());
  program.addCommand(repoCommand());
  program.addCommand(repoCredsCommand());
  program.addCommand(projCommand());
  program.addCommand(accountCommand());
  program.addCommand(versionCommand());
  applyUsageExitCodes(program);
  return program;
}

/** Help and version exit 0; anything commander rejects (unknown flag, missing argument) exits 2. */
function applyUsageExitCodes(cmd: Command): void {
  cmd.showHelpAfterError('(run with --help for usage)');
  cmd.exitOverride((err) => {
    const ok = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code);
    process.exit(ok ? 0 : 2);
  });
  for (const sub of cmd.commands) applyUsageExitCodes(sub);
}

await buildProgram().parseAsync(process.argv);
