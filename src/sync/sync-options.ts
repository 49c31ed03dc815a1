// Argo CD sync and compare options: parsing `Key=value` lists into typed values, and layering them.
import { ANNOTATION_COMPARE_OPTIONS, ANNOTATION_SYNC_OPTIONS, type KubeObject } from '../model/index.js';

export type PruneMode = boolean | 'confirm';
export type PropagationPolicy = 'foreground' | 'background' | 'orphan';

/** Every sync option with its effective value (defaults filled in). */
export interface SyncOptions {
  createNamespace: boolean;
  applyOutOfSyncOnly: boolean;
  pruneLast: boolean;
  prune: PruneMode;
  delete: PruneMode;
  replace: boolean;
  force: boolean;
  serverSideApply: boolean;
  validate: boolean;
  skipDryRunOnMissingResource: boolean;
  prunePropagationPolicy: PropagationPolicy;
  failOnSharedResource: boolean;
  respectIgnoreDifferences: boolean;
  clientSideApplyMigration: boolean;
}

/** Argo CD's behaviour when no option says otherwise. */
export const DEFAULT_SYNC_OPTIONS: Readonly<SyncOptions> = Object.freeze({
  createNamespace: false,
  applyOutOfSyncOnly: false,
  pruneLast: false,
  prune: true,
  delete: true,
  replace: false,
  force: false,
  serverSideApply: false,
  validate: true,
  skipDryRunOnMissingResource: false,
  prunePropagationPolicy: 'foreground',
  failOnSharedResource: false,
  respectIgnoreDifferences: false,
  clientSideApplyMigration: true,
});

export interface CompareOptions {
  ignoreExtraneous: boolean;
  /** Unset means "as the controller is configured". */
  serverSideDiff?: boolean;
}

export interface Parsed<T> {
  options: Partial<T>;
  warnings: string[];
}

type BooleanKey = { [K in keyof SyncOptions]: SyncOptions[K] extends boolean ? K : never }[keyof SyncOptions];
type ModeKey = 'prune' | 'delete';

// Option name → field; the value grammar is decided by which table the name is in.
const BOOLEAN_OPTIONS: Readonly<Record<string, BooleanKey>> = {
  CreateNamespace: 'createNamespace',
  ApplyOutOfSyncOnly: 'applyOutOfSyncOnly',
  PruneLast: 'pruneLast',
  Replace: 'replace',
  Force: 'force',
  ServerSideApply: 'serverSideApply',
  Validate: 'validate',
  SkipDryRunOnMissingResource: 'skipDryRunOnMissingResource',
  FailOnSharedResource: 'failOnSharedResource',
  RespectIgnoreDifferences: 'respectIgnoreDifferences',
  ClientSideApplyMigration: 'clientSideApplyMigration',
};
const MODE_OPTIONS: Readonly<Record<string, ModeKey>> = { Prune: 'prune', Delete: 'delete' };
const PROPAGATION: readonly PropagationPolicy[] = ['foreground', 'background', 'orphan'];

/**
 * Options Argo CD reads only from the Application; on a resource annotation they would silently do
 * nothing, so they are dropped there with a warning instead.
 */
export const APP_ONLY_OPTIONS: ReadonlySet<keyof SyncOptions> = new Set<keyof SyncOptions>([
  'createNamespace',
  'applyOutOfSyncOnly',
  'prunePropagationPolicy',
  'failOnSharedResource',
  'respectIgnoreDifferences',
]);

/** Splits an annotation value `A=1, B=2` into trimmed, non-empty items. */
export function splitOptionList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function parseBool(value: string): boolean | undefined {
  const v = value.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** Parses one `Key=value` sync option into `out`; returns a warning when it is not understood. */
function parseOne(item: string, out: Partial<SyncOptions>): string | undefined {
  const eq = item.indexOf('=');
  const name = eq < 0 ? item : item.slice(0, eq).trim();
  const value = eq < 0 ? '' : item.slice(eq + 1).trim();
  const boolKey = BOOLEAN_OPTIONS[name];
  if (boolKey !== undefined) {
    const b = parseBool(value);
    if (b === undefined) return `sync option ${item}: expected ${name}=true or ${name}=false`;
    out[boolKey] = b;
    return undefined;
  }
  const modeKey = MODE_OPTIONS[name];
  if (modeKey !== undefined) {
    const mode = value.toLowerCase() === 'confirm' ? 'confirm' : parseBool(value);
    if (mode === undefined) return `sync option ${item}: expected ${name}=true, false or confirm`;
    out[modeKey] = mode;
    return undefined;
  }
  if (name === 'PrunePropagationPolicy') {
    const p = PROPAGATION.find((x) => x === value.toLowerCase());
    if (p === undefined) return `sync option ${item}: expected one of ${PROPAGATION.join(', ')}`;
    out.prunePropagationPolicy = p;
    return undefined;
  }
  return `unknown sync option ${item}`;
}

/** Parses a list of sync options; `where` names their origin in warnings. */
export function parseSyncOptions(items: readonly string[] | undefined, where: string): Parsed<SyncOptions> {
  const options: Partial<SyncOptions> = {};
  const warnings: string[] = [];
  for (const item of items ?? []) {
    const w = parseOne(item.trim(), options);
    if (w !== undefined) warnings.push(`${where}: ${w}`);
  }
  return { options, warnings };
}

/** The per-resource layer from the `argocd.argoproj.io/sync-options` annotation. */
export function resourceSyncOptions(obj: KubeObject, where: string): Parsed<SyncOptions> {
  const parsed = parseSyncOptions(
    splitOptionList(obj.metadata.annotations?.[ANNOTATION_SYNC_OPTIONS]),
    where,
  );
  for (const key of APP_ONLY_OPTIONS) {
    if (parsed.options[key] !== undefined) {
      delete parsed.options[key];
      parsed.warnings.push(`${where}: sync option for ${key} only has an effect on the Application`);
    }
  }
  return parsed;
}

/** Later layers win key by key: defaults ← app ← operation ← resource. */
export function mergeSyncOptions(...layers: readonly Partial<SyncOptions>[]): SyncOptions {
  const out: SyncOptions = { ...DEFAULT_SYNC_OPTIONS };
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      if (v !== undefined) Object.assign(out, { [k]: v });
    }
  }
  return out;
}

/** The `argocd.argoproj.io/compare-options` annotation (IgnoreExtraneous, ServerSideDiff). */
export function parseCompareOptions(
  obj: KubeObject,
  where: string,
): { options: CompareOptions; warnings: string[] } {
  const options: CompareOptions = { ignoreExtraneous: false };
  const warnings: string[] = [];
  for (const item of splitOptionList(obj.metadata.annotations?.[ANNOTATION_COMPARE_OPTIONS])) {
    const [name = '', value = ''] = item.split('=', 2).map((s) => s.trim());
    // Argo CD accepts the bare word as well as the =true form here.
    if (name === 'IgnoreExtraneous' && (value === '' || parseBool(value) === true))
      options.ignoreExtraneous = true;
    else if (name === 'ServerSideDiff' && parseBool(value) !== undefined)
      options.serverSideDiff = parseBool(value) === true;
    else if (name === 'IncludeMutationWebhook' && parseBool(value) !== undefined) continue;
    else warnings.push(`${where}: unknown compare option ${item}`);
  }
  return { options, warnings };
}
