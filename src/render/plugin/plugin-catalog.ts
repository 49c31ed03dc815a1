// The config management plugins a repo service knows: plugin.yaml files in its plugin folder (as Argo
// CD's sidecars mount them) and ConfigMaps of the control namespace. Files are re-read when they change;
// a broken one is reported by name, never fatal to the others.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PluginConfigText } from '../../git/index.js';
import { parsePluginConfig, type ConfigManagementPlugin } from './plugin-config.js';

export interface PluginSet {
  plugins: readonly ConfigManagementPlugin[];
  /** Files or ConfigMap keys that are not valid plugins, with why. */
  problems: readonly string[];
  /** Changes whenever any plugin's config does (part of the render cache key). */
  fingerprint: string;
}

interface FileEntry {
  stamp: string;
  result: ConfigManagementPlugin | string;
}

/** `<dir>/<name>.yaml` and `<dir>/<name>/plugin.yaml` (the folder also holds the plugin's scripts). */
async function pluginFiles(dir: string): Promise<{ file: string; own?: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: { file: string; own?: string }[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push({ file: join(dir, e.name) });
    else if (e.isDirectory())
      for (const n of ['plugin.yaml', 'plugin.yml']) {
        const file = join(dir, e.name, n);
        if (await stat(file).catch(() => undefined)) out.push({ file, own: join(dir, e.name) });
      }
  }
  return out;
}

export class PluginCatalog {
  private readonly files = new Map<string, FileEntry>();

  constructor(
    private readonly dir: string | undefined,
    private readonly configMaps: () => readonly PluginConfigText[] = () => [],
  ) {}

  async load(): Promise<PluginSet> {
    const results: (ConfigManagementPlugin | string)[] = [];
    const stamps: string[] = [];
    for (const { file, own } of this.dir ? await pluginFiles(this.dir) : []) {
      const st = await stat(file).catch(() => undefined);
      if (!st) continue;
      const stamp = `${file}@${st.mtimeMs}:${st.size}`;
      let entry = this.files.get(file);
      if (entry?.stamp !== stamp) {
        const text = await readFile(file, 'utf8');
        entry = { stamp, result: parseOrProblem(text, `plugin folder ${file}`, own ?? this.dir) };
        this.files.set(file, entry);
      }
      stamps.push(stamp);
      results.push(entry.result);
    }
    const cms = this.configMaps();
    for (const c of cms) results.push(parseOrProblem(c.text, c.origin, undefined));
    const hash = createHash('sha256').update(stamps.join('\n'));
    for (const c of cms) hash.update(`\n${c.origin}\n${c.text}`);
    const plugins = results.filter((r): r is ConfigManagementPlugin => typeof r !== 'string');
    return {
      plugins,
      problems: results.filter((r): r is string => typeof r === 'string'),
      fingerprint: plugins.length === 0 ? '' : hash.digest('hex').slice(0, 16),
    };
  }
}

function parseOrProblem(
  text: string,
  origin: string,
  dir: string | undefined,
): ConfigManagementPlugin | string {
  try {
    return parsePluginConfig(text, origin, dir);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
