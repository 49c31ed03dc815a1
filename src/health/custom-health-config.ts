// Reads Argo CD's health customizations out of argocd-cm: split keys and the legacy `resource.customizations` YAML.
import { parse } from 'yaml';
import { isPlainObject, type KubeObject } from '../model/index.js';

const SPLIT_PREFIX = 'resource.customizations.health.';
const OPEN_LIBS_PREFIX = 'resource.customizations.useOpenLibs.';
const LEGACY_KEY = 'resource.customizations';
/** Kinds the generic (kstatus) check must leave alone: one `group/Kind` glob (`Kind` for core) a line or comma. */
export const GENERIC_EXCLUDE_KEY = 'driftless.health.generic.exclude';

/** One health script from the ConfigMap. */
export interface HealthCustomization {
  /** Registry key: `group/kind`, `/Kind` for the core group; may hold glob characters. */
  key: string;
  /** Set when the group or kind is a glob (`*.crossplane.io/*`): matched against Argo CD's `group/Kind` or `Kind`. */
  pattern?: RegExp;
  script: string;
  /** Where it came from, for messages: the ConfigMap key (and entry). */
  origin: string;
}

export interface ParsedCustomizations {
  customizations: HealthCustomization[];
  errors: string[];
}

/**
 * Entries in the split form win over the same group/kind in the legacy YAML, as in Argo CD. A bad entry is
 * reported in `errors` and skipped; the rest still load.
 */
export function parseHealthCustomizations(cm: KubeObject): ParsedCustomizations {
  const errors: string[] = [];
  const byKey = new Map<string, HealthCustomization>();
  const data = (cm as { data?: unknown }).data;
  if (data === undefined || data === null) return { customizations: [], errors };
  if (!isPlainObject(data)) return { customizations: [], errors: ['argocd-cm: data is not a map'] };

  const legacy = data[LEGACY_KEY];
  if (legacy !== undefined) for (const c of parseLegacy(legacy, errors)) byKey.set(c.key, c);

  for (const [k, v] of Object.entries(data).sort(([a], [b]) => a.localeCompare(b))) {
    // useOpenLibs only adds libraries we never open (io, full os); accepted so valid configs stay quiet.
    if (k.startsWith(OPEN_LIBS_PREFIX) || !k.startsWith(SPLIT_PREFIX)) continue;
    if (typeof v !== 'string') {
      errors.push(`${k}: value is not a string`);
      continue;
    }
    const gk = k.slice(SPLIT_PREFIX.length);
    const at = gk.indexOf('_');
    // Groups are DNS names (no '_'): the first '_' ends the group; none (or a leading one) means core.
    const group = at < 0 ? '' : gk.slice(0, at);
    const kind = at < 0 ? gk : gk.slice(at + 1);
    const c = customization(group, kind, v, k);
    if (typeof c === 'string') errors.push(c);
    else if (c) byKey.set(c.key, c);
  }
  return { customizations: [...byKey.values()], errors };
}

function parseLegacy(text: unknown, errors: string[]): HealthCustomization[] {
  if (typeof text !== 'string') {
    errors.push(`${LEGACY_KEY}: value is not a string`);
    return [];
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    errors.push(
      `${LEGACY_KEY}: invalid YAML: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
    );
    return [];
  }
  if (doc === null || doc === undefined) return [];
  if (!isPlainObject(doc)) {
    errors.push(`${LEGACY_KEY}: not a map of group/kind to customizations`);
    return [];
  }
  const out: HealthCustomization[] = [];
  for (const [gk, entry] of Object.entries(doc)) {
    const origin = `${LEGACY_KEY} ${gk}`;
    if (!isPlainObject(entry)) {
      errors.push(`${origin}: not a map`);
      continue;
    }
    const script = entry['health.lua'];
    if (script === undefined) continue; // only ignoreDifferences or actions: not ours
    if (typeof script !== 'string') {
      errors.push(`${origin}: health.lua is not a string`);
      continue;
    }
    const at = gk.lastIndexOf('/');
    const c = customization(at < 0 ? '' : gk.slice(0, at), at < 0 ? gk : gk.slice(at + 1), script, origin);
    if (typeof c === 'string') errors.push(c);
    else if (c) out.push(c);
  }
  return out;
}

/** A customization, an error message, or undefined for an empty script (Argo CD ignores those). */
function customization(
  group: string,
  kind: string,
  script: string,
  origin: string,
): HealthCustomization | string | undefined {
  if (!kind) return `${origin}: no kind in the key (want <group>_<kind>, or <kind> for the core group)`;
  if (script.trim() === '') return undefined;
  const c: HealthCustomization = { key: `${group}/${kind}`, script, origin };
  if (!/[*?[]/.test(group + kind)) return c;
  try {
    c.pattern = globToRegExp(group ? `${group}/${kind}` : kind);
  } catch {
    return `${origin}: invalid wildcard pattern`;
  }
  return c;
}

/** Argo CD's glob: `*` any run of characters (slashes too), `?` one, `[...]` a class. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? '';
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * The kinds for which the generic check is off, as patterns over Argo CD's `group/Kind` (`Kind` for the core
 * group). `*` turns it off everywhere. A bad pattern is reported and skipped.
 */
export function parseGenericExclusions(cm: KubeObject | undefined): { patterns: RegExp[]; errors: string[] } {
  const data = (cm as { data?: unknown } | undefined)?.data;
  const value = isPlainObject(data) ? data[GENERIC_EXCLUDE_KEY] : undefined;
  if (value === undefined) return { patterns: [], errors: [] };
  if (typeof value !== 'string')
    return { patterns: [], errors: [`${GENERIC_EXCLUDE_KEY}: value is not a string`] };
  const patterns: RegExp[] = [];
  const errors: string[] = [];
  for (const entry of value.split(/[\n,]/).map((e) => e.trim())) {
    if (entry === '' || entry.startsWith('#')) continue;
    try {
      patterns.push(globToRegExp(entry));
    } catch {
      errors.push(`${GENERIC_EXCLUDE_KEY}: invalid pattern ${JSON.stringify(entry)}`);
    }
  }
  return { patterns, errors };
}
