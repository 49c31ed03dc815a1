// The config management plugin of a source — the one it names, else the first whose discover rule matches —
// and the parameters that plugin announces for it; discover and parameter commands run confined in a
// scratch folder of the repo service's workspace.
import type { ApplicationSource } from '../../model/index.js';
import type { ParameterAnnouncement } from '../../model/plugin-announcement.js';
import { RenderError } from '../errors.js';
import type { RenderWorkspace } from '../render-workspace.js';
import type { PluginSet } from './plugin-catalog.js';
import type { ConfigManagementPlugin } from './plugin-config.js';
import { pluginEnv } from './plugin-env.js';
import { announceParameters } from './plugin-parameters.js';
import { ownFolderEnv, runPluginCommand, secretsOf } from './plugin-renderer.js';
import { selectPlugin } from './plugin-select.js';

/** The checkout and the source's folder in it. */
export interface SourceFolders {
  repoRoot: string;
  appDir: string;
}

/**
 * The plugin that renders a source without an explicit helm/kustomize/directory block: the one it names,
 * else the first whose discover rule matches (undefined: the built-in tools decide).
 */
export async function pluginFor(
  ws: RenderWorkspace,
  source: ApplicationSource,
  where: SourceFolders,
  set: PluginSet,
  buildEnv: Record<string, string>,
): Promise<ConfigManagementPlugin | undefined> {
  if (source.chart || source.helm || source.kustomize || source.directory) return undefined;
  if (!source.plugin && set.plugins.length === 0) return undefined;
  return ws.inWorkDir(async (workDir) => {
    const env = { ...buildEnv, ...pluginEnv(source.plugin, buildEnv) };
    const ctx = { ...ws.toolContext(workDir), ...where, env };
    return selectPlugin(set, source, where.appDir, {
      maxFiles: ws.limits.maxFiles,
      find: (p, command, args) =>
        runPluginCommand(
          { ...ctx, env: { ...env, ...ownFolderEnv(p) } },
          p,
          'discover',
          { command, args },
          [],
        ).then(
          (out) => out.trim() !== '',
          (e: unknown) => {
            if (e instanceof RenderError) return false;
            throw e;
          },
        ),
    });
  });
}

/** What `plugin` announces for the source (its static parameters, and its dynamic command's). */
export function pluginParameters(
  ws: RenderWorkspace,
  plugin: ConfigManagementPlugin,
  source: ApplicationSource,
  where: SourceFolders,
  env: Record<string, string>,
  project: string | undefined,
): Promise<ParameterAnnouncement[]> {
  return announceParameters(plugin, (cmd) =>
    ws.inWorkDir((workDir) => {
      const ctx = { ...ws.toolContext(workDir), ...where };
      const pluginVars = { ...pluginEnv(source.plugin, env), ...ownFolderEnv(plugin) };
      const redact = secretsOf({ source, credentialsFor: (url) => ws.credentialsFor(url, project) });
      return runPluginCommand({ ...ctx, env: { ...env, ...pluginVars } }, plugin, 'parameters', cmd, redact);
    }),
  );
}
