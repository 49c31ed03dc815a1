// Which plugin renders a source, as Argo CD picks one: by `source.plugin.name` (`name` or
// `name-version`), else the first plugin whose `discover` rule matches the source path — by file
// name glob, by `find.glob` (with `**`), or by a `find.command` that prints something.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApplicationSource } from '../../model/index.js';
import { RenderError } from '../errors.js';
import { compileGlob } from '../glob.js';
import type { ConfigManagementPlugin } from './plugin-config.js';
import type { PluginSet } from './plugin-catalog.js';

/** Runs a plugin's `find.command` in the source path; true when it succeeds and prints anything. */
export type FindCommand = (plugin: ConfigManagementPlugin, cmd: string[], args: string[]) => Promise<boolean>;

/** Paths of the files under `dir`, relative to it (at most `max`; `.git` skipped). */
export async function listFiles(dir: string, max: number): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (out.length >= max) return;
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && e.name !== '.git') await walk(path);
      else if (e.isFile() || e.isSymbolicLink()) out.push(path);
    }
  };
  await walk('');
  return out;
}

/** Go's filepath.Glob / doublestar semantics: a pattern without `/` matches only the top folder. */
export function globMatches(pattern: string, files: readonly string[]): boolean {
  const match = compileGlob(pattern);
  const anywhere = pattern.replace(/^\.\//, '').includes('/');
  return files.some((f) => (anywhere || !f.includes('/')) && match(f));
}

export async function discovers(
  plugin: ConfigManagementPlugin,
  files: readonly string[],
  find: FindCommand,
): Promise<boolean> {
  const d = plugin.spec.discover;
  if (!d) return false;
  if (d.fileName) return globMatches(d.fileName, files);
  if (d.find?.glob) return globMatches(d.find.glob, files);
  if (d.find?.command?.length) return find(plugin, d.find.command, d.find.args ?? []);
  return false;
}

function known(set: PluginSet): string {
  const names = set.plugins.map((p) => p.name);
  const problems = set.problems.length > 0 ? `; not loaded: ${set.problems.join('; ')}` : '';
  return `${names.length > 0 ? `known plugins: ${names.join(', ')}` : 'no plugins are configured'}${problems}`;
}

const HINT =
  'add the plugin (plugin.yaml in the repo service plugin folder, --plugin-dir, or a ConfigMap labelled ' +
  'driftless.io/config-management-plugin: "true"), or fix spec.source.plugin.name; see docs/plugins.md';

/**
 * The plugin for a source. With an explicit `source.plugin` a miss is a RenderError; without one
 * (auto-detection) a miss is `undefined` and the built-in tools decide.
 */
export async function selectPlugin(
  set: PluginSet,
  source: ApplicationSource,
  appDir: string,
  opts: { maxFiles: number; find: FindCommand },
): Promise<ConfigManagementPlugin | undefined> {
  const name = source.plugin?.name;
  if (name) {
    const hit = set.plugins.find((p) => p.name === name);
    if (hit) return hit;
    throw new RenderError(`config management plugin ${JSON.stringify(name)} was not found (${known(set)})`, {
      reason: 'PluginNotFound',
      tool: 'plugin',
      hint: HINT,
    });
  }
  const candidates = set.plugins.filter((p) => p.spec.discover);
  if (candidates.length > 0) {
    const files = await listFiles(appDir, opts.maxFiles);
    for (const p of candidates) if (await discovers(p, files, opts.find)) return p;
  }
  if (!source.plugin) return undefined;
  throw new RenderError(
    `no config management plugin's discover rule matches ${JSON.stringify(source.path ?? '.')} (${known(set)})`,
    {
      reason: 'PluginNotFound',
      tool: 'plugin',
      hint: `name the plugin in spec.source.plugin.name, or ${HINT}`,
    },
  );
}
