// Renders a source with a config management plugin: a private copy of the checkout (file modes kept only
// with preserveFileMode, as Argo CD sends files to its sidecars), then `init` and `generate` run in the
// source path through the same sandbox, limits and timeout as helm and kustomize; generate's output is
// parsed on the parse worker.
import { access, chmod, constants, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { normalizeRepoURL, parseRepoURL } from '../../git/index.js';
import type { SourcedObject } from '../parse-manifests.js';
import { runProgram } from '../run-tool.js';
import { scratchCopy } from '../scratch-copy.js';
import type { RenderContext, ToolContext } from '../types.js';
import type { ConfigManagementPlugin, PluginCommand } from './plugin-config.js';
import { pluginEnv } from './plugin-env.js';
import type { RepoLock } from './repo-lock.js';

/** The PATH render programs get (run-tool's toolEnv); bare plugin commands are looked up on it. */
const SEARCH_PATH = ['/usr/local/bin', '/usr/bin', '/bin'];

/** An absolute path for the program (the sandbox confines only absolute commands), or the bare name if none is found. */
export async function resolveCommand(
  cmd: string,
  cwd: string,
  pluginDir: string | undefined,
): Promise<string> {
  if (isAbsolute(cmd)) return cmd;
  if (cmd.includes('/')) return resolve(cwd, cmd);
  for (const dir of [...SEARCH_PATH, ...(pluginDir ? [pluginDir] : [])]) {
    const path = join(dir, cmd);
    if (
      await access(path, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return path;
  }
  return cmd;
}

/** Without preserveFileMode every file arrives without execute bits, as Argo CD's sidecars get them. */
async function stripExecBits(dir: string): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) await stripExecBits(path);
    else if (e.isFile()) await chmod(path, (await stat(path)).mode & 0o666);
  }
}

/** Values a plugin's messages must never show: a password written into the repository URL. */
export function secretsOf(ctx: Pick<RenderContext, 'source' | 'credentialsFor'>): string[] {
  try {
    const embedded = parseRepoURL(ctx.source.repoURL).embedded?.password;
    const creds = ctx.credentialsFor?.(ctx.source.repoURL);
    return [embedded, creds?.password, creds?.bearerToken].filter((s): s is string => !!s);
  } catch {
    return [];
  }
}

/** DRIFTLESS_PLUGIN_PATH: the plugin's own folder (its scripts), when it was loaded from one. */
export function ownFolderEnv(plugin: ConfigManagementPlugin): Record<string, string> {
  return plugin.dir ? { DRIFTLESS_PLUGIN_PATH: plugin.dir } : {};
}

export async function runPluginCommand(
  ctx: ToolContext,
  plugin: ConfigManagementPlugin,
  step: string,
  cmd: PluginCommand,
  redact: readonly string[],
): Promise<string> {
  const [program = '', ...rest] = cmd.command;
  return runProgram(
    ctx,
    {
      name: `plugin ${plugin.name} ${step}`,
      tool: 'plugin',
      command: await resolveCommand(program, ctx.appDir, plugin.dir),
      args: [...rest, ...(cmd.args ?? [])],
    },
    {
      hint: `fix the plugin's ${step} command (${plugin.origin}) or the source it reads; see docs/plugins.md`,
      readOnly: plugin.dir ? [plugin.dir] : [],
      redact,
    },
    `install ${program} where the repo service runs (its image, or a volume the plugin folder names); see docs/plugins.md`,
  );
}

/** Renders with `plugin`; with `lockRepo` its commands wait for other such renders of the repository. */
export async function renderWithPlugin(
  ctx: RenderContext,
  plugin: ConfigManagementPlugin,
  lock: RepoLock,
): Promise<SourcedObject[]> {
  const root = join(ctx.workDir, 'repo');
  await scratchCopy(ctx.repoRoot, root, { writable: () => true });
  if (!plugin.spec.preserveFileMode) await stripExecBits(root);
  const appDir = join(root, relative(ctx.repoRoot, ctx.appDir));
  const env = { ...ctx.env, ...pluginEnv(ctx.source.plugin, ctx.env), ...ownFolderEnv(plugin) };
  const run: RenderContext = { ...ctx, repoRoot: root, appDir, env };
  const redact = secretsOf(ctx);
  const commands = async () => {
    if (plugin.spec.init)
      await runPluginCommand({ ...run, budget: { bytes: 0 } }, plugin, 'init', plugin.spec.init, redact);
    return runPluginCommand(run, plugin, 'generate', plugin.spec.generate, redact);
  };
  const out = plugin.spec.lockRepo
    ? await lock.run(normalizeRepoURL(ctx.source.repoURL), commands)
    : await commands();
  return ctx.parser.parseText(out, { tool: 'plugin', file: undefined, limits: ctx.limits });
}
