// Argo CD's comparison settings from argocd-cm: resource.compareoptions, system-level ignoreDifferences and
// ignoreResourceUpdates. Pure: ConfigMap data in, typed settings and problems out. (Whether to diff
// server-side, `controller.diff.server.side`, is a start-up parameter: src/main/cmd-params.ts.)
import { parse } from 'yaml';
import { isPlainObject, type ResourceIgnoreDifferences } from '../model/index.js';
import { validateIgnoreDifferences } from './ignore-differences.js';

/** Which objects' `status` the comparison skips (argocd-cm `resource.compareoptions` ignoreResourceStatusField). */
export type StatusFieldMode = 'crd' | 'all' | 'none';

export interface DiffSettings {
  /** `resource.compareoptions` ignoreAggregatedRoles: the `rules` of aggregated ClusterRoles are not drift. */
  ignoreAggregatedRoles: boolean;
  ignoreResourceStatusField: StatusFieldMode;
  /** `resource.compareoptions` ignoreDifferencesOnResourceUpdates: system ignoreDifferences also skip refreshes. */
  ignoreDifferencesOnResourceUpdates: boolean;
  /** `resource.ignoreResourceUpdatesEnabled`. */
  ignoreResourceUpdatesEnabled: boolean;
  /** `resource.customizations.ignoreDifferences.<group_kind>` and `.all`, as rules with group and kind set. */
  ignoreDifferences: ResourceIgnoreDifferences[];
  /** `resource.customizations.ignoreResourceUpdates.<group_kind>` and `.all`. */
  ignoreResourceUpdates: ResourceIgnoreDifferences[];
}

export const DEFAULT_DIFF_SETTINGS: DiffSettings = {
  ignoreAggregatedRoles: false,
  ignoreResourceStatusField: 'crd',
  ignoreDifferencesOnResourceUpdates: true,
  ignoreResourceUpdatesEnabled: true,
  ignoreDifferences: [],
  ignoreResourceUpdates: [],
};

const IGNORE_DIFF_PREFIX = 'resource.customizations.ignoreDifferences.';
const IGNORE_UPDATES_PREFIX = 'resource.customizations.ignoreResourceUpdates.';

/** Settings from the data of argocd-cm. A bad entry is reported in `errors` and left out; the rest still apply. */
export function parseDiffSettings(cm: Readonly<Record<string, unknown>> | undefined): {
  settings: DiffSettings;
  errors: string[];
} {
  const errors: string[] = [];
  const settings: DiffSettings = {
    ...DEFAULT_DIFF_SETTINGS,
    ignoreDifferences: [],
    ignoreResourceUpdates: [],
  };
  const enabled = cm?.['resource.ignoreResourceUpdatesEnabled'];
  if (enabled !== undefined)
    settings.ignoreResourceUpdatesEnabled = boolSetting(
      'resource.ignoreResourceUpdatesEnabled',
      enabled,
      true,
      errors,
    );
  if (cm?.['resource.compareoptions'] !== undefined)
    readCompareOptions(cm['resource.compareoptions'], settings, errors);
  for (const [key, value] of Object.entries(cm ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (key.startsWith(IGNORE_DIFF_PREFIX))
      settings.ignoreDifferences.push(...readRules(key, key.slice(IGNORE_DIFF_PREFIX.length), value, errors));
    else if (key.startsWith(IGNORE_UPDATES_PREFIX))
      settings.ignoreResourceUpdates.push(
        ...readRules(key, key.slice(IGNORE_UPDATES_PREFIX.length), value, errors),
      );
  }
  return { settings, errors };
}

function boolSetting(key: string, v: unknown, fallback: boolean, errors: string[]): boolean {
  const s = typeof v === 'boolean' ? String(v) : typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (s === 'true') return true;
  if (s === 'false') return false;
  errors.push(`${key}: ${JSON.stringify(v)} is not true or false (using ${fallback})`);
  return fallback;
}

function readYaml(key: string, text: unknown, errors: string[]): Record<string, unknown> | undefined {
  if (typeof text !== 'string') {
    errors.push(`${key}: value is not a string`);
    return undefined;
  }
  try {
    const doc: unknown = parse(text);
    if (doc === null || doc === undefined) return {};
    if (isPlainObject(doc)) return doc;
    errors.push(`${key}: expected a YAML map`);
  } catch (e) {
    errors.push(`${key}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  return undefined;
}

function readCompareOptions(text: unknown, settings: DiffSettings, errors: string[]): void {
  const key = 'resource.compareoptions';
  const doc = readYaml(key, text, errors);
  if (!doc) return;
  for (const [k, v] of Object.entries(doc)) {
    if (k === 'ignoreAggregatedRoles')
      settings.ignoreAggregatedRoles = boolSetting(`${key} ${k}`, v, false, errors);
    else if (k === 'ignoreDifferencesOnResourceUpdates')
      settings.ignoreDifferencesOnResourceUpdates = boolSetting(`${key} ${k}`, v, true, errors);
    else if (k === 'ignoreResourceStatusField') {
      if (v === 'crd' || v === 'all' || v === 'none') settings.ignoreResourceStatusField = v;
      // Argo CD also reads the old boolean form: true meant all, false meant none.
      else if (v === true || v === 'true') settings.ignoreResourceStatusField = 'all';
      else if (v === false || v === 'false') settings.ignoreResourceStatusField = 'none';
      else errors.push(`${key} ignoreResourceStatusField: ${JSON.stringify(v)} is not crd, all or none`);
    } else errors.push(`${key}: unknown option ${k}`);
  }
}

/** `apps_Deployment` → group apps, kind Deployment; `Service` (no `_`) is core; `all` matches everything. */
export function splitGroupKind(suffix: string): { group: string; kind: string } {
  if (suffix === 'all') return { group: '*', kind: '*' };
  const at = suffix.indexOf('_');
  return at < 0 ? { group: '', kind: suffix } : { group: suffix.slice(0, at), kind: suffix.slice(at + 1) };
}

function stringList(key: string, field: string, v: unknown, errors: string[]): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v;
  errors.push(`${key}: ${field} must be a list of strings`);
  return [];
}

function readRules(
  key: string,
  suffix: string,
  text: unknown,
  errors: string[],
): ResourceIgnoreDifferences[] {
  const { group, kind } = splitGroupKind(suffix);
  if (kind === '') {
    errors.push(`${key}: no kind in the key (use resource.customizations.…<group>_<Kind>)`);
    return [];
  }
  const doc = readYaml(key, text, errors);
  if (!doc) return [];
  const rule: ResourceIgnoreDifferences = { group, kind };
  const pointers = stringList(key, 'jsonPointers', doc.jsonPointers, errors);
  const jq = stringList(key, 'jqPathExpressions', doc.jqPathExpressions, errors);
  const managers = stringList(key, 'managedFieldsManagers', doc.managedFieldsManagers, errors);
  if (pointers.length > 0) rule.jsonPointers = pointers;
  if (jq.length > 0) rule.jqPathExpressions = jq;
  if (managers.length > 0) rule.managedFieldsManagers = managers;
  const problems = validateIgnoreDifferences([rule]);
  if (problems.length > 0) {
    errors.push(...problems.map((p) => `${key}: ${p}`));
    return [];
  }
  return [rule];
}
