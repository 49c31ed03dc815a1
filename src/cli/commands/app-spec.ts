// Building and changing an Application spec from `app create`/`app set`/`app unset` flags, pure.
import type { Command } from 'commander';
import type {
  Application,
  ApplicationSource,
  ApplicationSpec,
  HelmSource,
  SyncPolicy,
} from '../../model/index.js';
import { API_VERSION } from '../../model/application.js';
import { UsageError } from '../context-client.js';

export interface SpecFlags {
  repo?: string;
  path?: string;
  revision?: string;
  destServer?: string;
  destName?: string;
  destNamespace?: string;
  project?: string;
  syncPolicy?: string;
  autoPrune?: boolean;
  selfHeal?: boolean;
  syncOption?: string[];
  helmSet?: string[];
  values?: string[];
  /** Contents of --values-literal-file. */
  valuesLiteral?: string;
  /** Which source of a multi-source app (argocd's --source-position, 1-based, or --source-name). */
  sourcePosition?: string;
  sourceName?: string;
}

/** argocd's flags that say which source of a multi-source app a command reads or changes. */
export function withSourcePick(cmd: Command): Command {
  return cmd
    .option('--source-position <n>', 'multi-source apps: which source, 1 for the first')
    .option('--source-name <name>', 'multi-source apps: which source, by its name');
}

/**
 * The index in spec.sources that `--source-position` (1-based) or `--source-name` picks, as argocd
 * picks it; undefined for a single-source app. A multi-source app needs one of them.
 */
export function sourceIndex(
  spec: ApplicationSpec,
  f: { sourcePosition?: string; sourceName?: string },
): number | undefined {
  const sources = spec.sources ?? [];
  if (f.sourcePosition !== undefined && f.sourceName !== undefined)
    throw new UsageError('--source-position and --source-name exclude each other');
  if (sources.length === 0) {
    if (f.sourceName !== undefined)
      throw new UsageError(
        `--source-name ${f.sourceName}: the application has a single source (spec.source)`,
      );
    if (f.sourcePosition !== undefined && f.sourcePosition !== '1')
      throw new UsageError(`--source-position ${f.sourcePosition}: the application has a single source`, {
        hint: 'leave --source-position out, or give 1',
      });
    return undefined;
  }
  const names = sources.map((s, i) => `${i + 1}${s.name ? ` (${s.name})` : ''}`).join(', ');
  if (f.sourceName !== undefined) {
    const at = sources.findIndex((s) => s.name === f.sourceName);
    if (at < 0)
      throw new UsageError(`no source is named ${JSON.stringify(f.sourceName)}`, {
        hint: `the sources are: ${names}`,
      });
    return at;
  }
  if (f.sourcePosition === undefined)
    throw new UsageError(
      `the application has ${sources.length} sources: say which with --source-position or --source-name`,
      {
        hint: `the sources are: ${names}`,
      },
    );
  const n = Number(f.sourcePosition);
  if (!Number.isInteger(n) || n < 1 || n > sources.length)
    throw new UsageError(
      `--source-position must be a number from 1 to ${sources.length}, got "${f.sourcePosition}"`,
      {
        hint: `the sources are: ${names}`,
      },
    );
  return n - 1;
}

export function buildApplication(name: string, f: SpecFlags): Application {
  const missing = [
    f.repo ? '' : '--repo',
    f.destServer || f.destName ? '' : '--dest-server or --dest-name',
    f.destNamespace ? '' : '--dest-namespace',
  ].filter(Boolean);
  if (missing.length > 0)
    throw new UsageError(`app create ${name} needs ${missing.join(', ')}`, {
      hint: 'e.g. driftless app create guestbook --repo URL --path guestbook --dest-server https://kubernetes.default.svc --dest-namespace guestbook (or -f app.yaml)',
    });
  const spec: ApplicationSpec = {
    project: 'default',
    source: { repoURL: f.repo ?? '', targetRevision: 'HEAD' },
    destination: {},
  };
  return { apiVersion: API_VERSION, kind: 'Application', metadata: { name }, spec: applySet(spec, f) };
}

/** `app set`: the flags given replace their fields; the rest of the spec is kept. */
export function applySet(spec: ApplicationSpec, f: SpecFlags): ApplicationSpec {
  if (f.destServer && f.destName) throw new UsageError('--dest-server and --dest-name exclude each other');
  const out: ApplicationSpec = structuredClone(spec);
  if (f.project) out.project = f.project;
  const at = sourceIndex(out, f);
  const src: ApplicationSource = (at === undefined ? out.source : out.sources?.[at]) ?? { repoURL: '' };
  if (f.repo) src.repoURL = f.repo;
  if (f.path !== undefined) src.path = f.path;
  if (f.revision !== undefined) src.targetRevision = f.revision;
  const helm = applyHelmSet(src.helm ?? {}, f);
  if (Object.keys(helm).length > 0) src.helm = helm;
  if (at !== undefined && out.sources) out.sources[at] = src;
  else out.source = src;
  if (f.destServer) out.destination = { ...withoutKey(out.destination, 'name'), server: f.destServer };
  if (f.destName) out.destination = { ...withoutKey(out.destination, 'server'), name: f.destName };
  if (f.destNamespace) out.destination.namespace = f.destNamespace;
  const policy = applySyncPolicy(out.syncPolicy ?? {}, f);
  if (Object.keys(policy).length > 0) out.syncPolicy = policy;
  return out;
}

function applySyncPolicy(p: SyncPolicy, f: SpecFlags): SyncPolicy {
  const out: SyncPolicy = { ...p };
  if (f.syncPolicy !== undefined) {
    if (f.syncPolicy === 'none' || f.syncPolicy === 'manual') delete out.automated;
    else if (f.syncPolicy === 'automated' || f.syncPolicy === 'auto')
      out.automated = { ...(out.automated ?? {}) };
    else throw new UsageError(`--sync-policy must be automated or none, got "${f.syncPolicy}"`);
  }
  if (f.autoPrune !== undefined || f.selfHeal !== undefined) {
    if (!out.automated)
      throw new UsageError('--auto-prune and --self-heal need automated sync', {
        hint: 'add --sync-policy automated',
      });
    if (f.autoPrune !== undefined) out.automated = { ...out.automated, prune: f.autoPrune };
    if (f.selfHeal !== undefined) out.automated = { ...out.automated, selfHeal: f.selfHeal };
  }
  for (const opt of f.syncOption ?? []) {
    const key = keyOf(opt, '--sync-option', true);
    out.syncOptions = [...(out.syncOptions ?? []).filter((o) => keyOf(o) !== key), opt];
  }
  return out;
}

function applyHelmSet(h: HelmSource, f: SpecFlags): HelmSource {
  const out: HelmSource = { ...h };
  for (const kv of f.helmSet ?? []) {
    const name = keyOf(kv, '--helm-set', true);
    const value = kv.slice(name.length + 1);
    out.parameters = [...(out.parameters ?? []).filter((p) => p.name !== name), { name, value }];
  }
  for (const file of f.values ?? [])
    if (!(out.valueFiles ?? []).includes(file)) out.valueFiles = [...(out.valueFiles ?? []), file];
  if (f.valuesLiteral !== undefined) out.values = f.valuesLiteral;
  return out;
}

export interface UnsetFlags {
  syncPolicy?: boolean;
  autoPrune?: boolean;
  selfHeal?: boolean;
  syncOption?: string[];
  helmSet?: string[];
  values?: string[];
  valuesLiteral?: boolean;
  sourcePosition?: string;
  sourceName?: string;
}

/** `app unset`: removes the named settings. */
export function applyUnset(spec: ApplicationSpec, f: UnsetFlags): ApplicationSpec {
  const out: ApplicationSpec = structuredClone(spec);
  const policy = out.syncPolicy;
  if (policy) {
    if (f.syncPolicy) delete policy.automated;
    if (policy.automated && f.autoPrune) policy.automated.prune = false;
    if (policy.automated && f.selfHeal) policy.automated.selfHeal = false;
    const drop = new Set(f.syncOption ?? []);
    if (policy.syncOptions && drop.size > 0)
      policy.syncOptions = policy.syncOptions.filter((o) => !drop.has(keyOf(o)) && !drop.has(o));
  }
  const at = sourceIndex(out, f);
  const helm = (at === undefined ? out.source : out.sources?.[at])?.helm;
  if (helm) {
    const names = new Set(f.helmSet ?? []);
    if (helm.parameters) helm.parameters = helm.parameters.filter((p) => !names.has(p.name));
    const files = new Set(f.values ?? []);
    if (helm.valueFiles) helm.valueFiles = helm.valueFiles.filter((v) => !files.has(v));
    if (f.valuesLiteral) delete helm.values;
  }
  return out;
}

/** The key of `K=V`; with `strict`, a missing `=` is a usage error naming the flag. */
function keyOf(kv: string, flag = '', strict = false): string {
  const i = kv.indexOf('=');
  if (i <= 0) {
    if (strict) throw new UsageError(`${flag} expects KEY=VALUE, got "${kv}"`);
    return kv;
  }
  return kv.slice(0, i);
}

function withoutKey<T extends object, K extends keyof T>(o: T, k: K): Omit<T, K> {
  const { [k]: _drop, ...rest } = o;
  return rest;
}
