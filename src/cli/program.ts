// The `driftless` program: its top-level commands, each loaded only when it runs.
import { Command } from 'commander';
import { packageVersion } from './package-version.js';

/**
 * Each top-level command and how to load it: a run imports only the module of the command it runs
 * (`driftless app get` never loads the server, the controller or the renderers); help loads them all.
 */
const COMMANDS: Record<string, (rest: readonly string[]) => Promise<Command>> = {
  'local-cluster': async () => (await import('./commands/local-cluster.js')).localClusterCommand(),
  cluster: async () => (await import('./commands/cluster.js')).clusterCommand(),
  server: async () => (await import('./commands/server.js')).serverCommand(),
  manifests: async () => (await import('./commands/manifests.js')).manifestsCommand(),
  admin: async () => {
    const [backup, diff, health, notifications, { newCommand }] = await Promise.all([
      import('./commands/admin-backup.js'),
      import('./commands/admin-diff.js'),
      import('./commands/admin-health.js'),
      import('./commands/admin-notifications.js'),
      import('./output.js'),
    ]);
    return newCommand(
      'admin',
      'offline tools (compare objects, evaluate health as the controller does) and backup/restore of an installation',
    )
      .addCommand(backup.adminExportCommand())
      .addCommand(backup.adminImportCommand())
      .addCommand(diff.adminDiffCommand())
      .addCommand(health.adminHealthCommand())
      .addCommand(notifications.adminNotificationsCommand());
  },
  bootstrap: async () => (await import('./commands/bootstrap.js')).bootstrapCommand(),
  login: async () => (await import('./commands/login.js')).loginCommand(),
  logout: async () => (await import('./commands/login.js')).logoutCommand(),
  context: async () => (await import('./commands/login.js')).contextCommand(),
  // `app` goes one level further: `app get` loads only `get`.
  app: async (rest) => (await import('./commands/app.js')).appCommand(rest),
  repo: async () => (await import('./commands/repo.js')).repoCommand(),
  repocreds: async () => (await import('./commands/repocreds.js')).repoCredsCommand(),
  proj: async () => (await import('./commands/proj.js')).projCommand(),
  appset: async () => (await import('./commands/appset.js')).appSetCommand(),
  image: async () => (await import('./commands/image.js')).imageCommand(),
  account: async () => (await import('./commands/account.js')).accountCommand(),
  promote: async () => (await import('./commands/promote.js')).promoteCommand(),
  preview: async () => (await import('./commands/preview.js')).previewCommand(),
  version: async () => (await import('./commands/version.js')).versionCommand(),
};

/** The program with the named top-level commands (all of them when `only` is not one: help, typos). */
export async function buildProgram(only?: readonly string[], args: readonly string[] = []): Promise<Command> {
  const program = new Command('driftless')
    .description("GitOps continuous delivery for Kubernetes (speaks Argo CD's Application API)")
    .version(packageVersion(), '--version', 'print the version');
  const names = only?.every((n) => n in COMMANDS) ? only : Object.keys(COMMANDS);
  // A single command sees the arguments after its name (to load only the subcommand run).
  const rest = names.length === 1 ? args.slice(args.indexOf(names[0] ?? '') + 1) : [];
  const load = (n: string) => (COMMANDS[n] as (rest: readonly string[]) => Promise<Command>)(rest);
  for (const command of await Promise.all(names.map(load))) program.addCommand(command);
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

/** The top-level command this run names; none for a bare `--version` (nothing to load); undefined for help. */
export function commandOf(args: readonly string[]): string[] | undefined {
  const first = args.find((a) => !a.startsWith('-'));
  if (first !== undefined) return [first];
  return args.includes('--version') && !args.includes('--help') && !args.includes('-h') ? [] : undefined;
}
