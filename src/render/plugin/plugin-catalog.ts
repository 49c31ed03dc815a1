// The config management plugins a repo service knows: plugin.yaml files in its plugin folder (as Argo
// CD's sidecars mount them) and ConfigMaps of the control namespace. The folder is looked at again at
// most once a second (every render asks), a file re-read only when it changed, ConfigMaps re-parsed only
// when they did; a broken one is reported by name, never fatal to the others.
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

/** How long one look at the plugin folder serves the renders that ask (a changed file shows after it). */
export const PLUGIN_RESCAN_MS = 1000;

export class PluginCatalog {
  private readonly files = new Map<string, FileEntry>();
  private parsedConfigMaps: {
    of: readonly PluginConfigText[];
    results: (ConfigManagementPlugin | string)[];
  } = {
    of: [],
    results: [],
  };
  private last: { at: number; of: readonly PluginConfigText[]; set: Promise<PluginSet> } | undefined;

  constructor(
    private readonly dir: string | undefined,
    private readonly configMaps: () => readonly PluginConfigText[] = () => [],
    private readonly now: () => number = Date.now,
  ) {}

  /** The current plugins; the folder's answer is shared for PLUGIN_RESCAN_MS, a ConfigMap change shows at once. */
  load(): Promise<PluginSet> {
    const cms = this.configMaps();
    const last = this.last;
    if (last && sameTexts(last.of, cms) && this.now() - last.at < PLUGIN_RESCAN_MS) return last.set;
    const set = this.read(cms);
    this.last = { at: this.now(), of: [...cms], set };
    set.catch(() => {
      if (this.last?.set === set) this.last = undefined;
    });
    return set;
  }

  private async read(cms: readonly PluginConfigText[]): Promise<PluginSet> {
    const results: (ConfigManagementPlugin | string)[] = [];
    const stamps: string[] = [];
    for (const { file, own } of this.dir ? await pluginFiles(this.dir) : []) {
      const st = await stat(file).catch(() => undefined);
      if (!st) continue;
      const stamp = `${file}@${st.mtimeMs}:${st.size}`;
      let entry = this.files.get(file);
      if (entry?.stamp !== stamp) {
        const text = await readFile(file, 'utf8').catch(() => undefined);
        if (text === undefined) continue;
        entry = { stamp, result: parseOrProblem(text, `plugin folder ${file}`, own ?? this.dir) };
        this.files.set(file, entry);
      }
      stamps.push(stamp);
      results.push(entry.result);
    }
    if (!sameTexts(this.parsedConfigMaps.of, cms))
      this.parsedConfigMaps = {
        of: [...cms],
        results: cms.map((c) => parseOrProblem(c.text, c.origin, undefined)),
      };
    results.push(...this.parsedConfigMaps.results);
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

function sameTexts(a: readonly PluginConfigText[], b: readonly PluginConfigText[]): boolean {
  return a.length === b.length && a.every((x, i) => x.origin === b[i]?.origin && x.text === b[i]?.text);
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
