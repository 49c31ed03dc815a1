// A source's type-specific options (directory, Helm, Kustomize, plugin) as form text, and back onto the source. Pure.
import type { ApplicationSource, ParameterAnnouncement } from '../../api/types.ts';
import {
  paramFields,
  paramsError,
  paramValuesFromSource,
  parametersFromValues,
  type ParamValue,
} from './plugin-params.ts';

export type OptionsKind = 'Directory' | 'Helm' | 'Kustomize' | 'Plugin';

export interface SourceOptionValues {
  kind: OptionsKind;
  /** Directory */
  recurse: boolean;
  include: string;
  exclude: string;
  /** Jsonnet top-level arguments, `name=value` a line (`name:=code` for code). */
  tlas: string;
  /** Helm: a chart name (Helm repositories), its version is the revision. */
  chart: string;
  releaseName: string;
  valueFiles: string;
  values: string;
  /** `name=value` a line. */
  parameters: string;
  /** Kustomize */
  images: string;
  namePrefix: string;
  nameSuffix: string;
  /** `name=count` a line. */
  replicas: string;
  /** `key=value` a line. */
  commonLabels: string;
  /** Config management plugin: its name ('' = discovered from the files). */
  pluginName: string;
  /** `NAME=value` a line (ARGOCD_ENV_NAME). */
  pluginEnv: string;
  /** Parameters set, by name (see plugin-params.ts). */
  pluginParams: Record<string, ParamValue>;
}

export const EMPTY_OPTIONS: SourceOptionValues = {
  kind: 'Directory',
  recurse: false,
  include: '',
  exclude: '',
  tlas: '',
  chart: '',
  releaseName: '',
  valueFiles: '',
  values: '',
  parameters: '',
  images: '',
  namePrefix: '',
  nameSuffix: '',
  replicas: '',
  commonLabels: '',
  pluginName: '',
  pluginEnv: '',
  pluginParams: {},
};

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
/** `a=b` lines as pairs; `sep` splits at its first occurrence. */
const pairs = (s: string, sep = '=') =>
  lines(s).flatMap((l) => {
    const i = l.indexOf(sep);
    return i > 0 ? [[l.slice(0, i).trim(), l.slice(i + sep.length).trim()] as const] : [];
  });

/** Lines that are not `name=value`, to name in an error. */
export function badPairs(text: string): string[] {
  return lines(text).filter((l) => l.indexOf('=') <= 0);
}

export function optionsFromSource(s: ApplicationSource | undefined, detected?: string): SourceOptionValues {
  const kind: OptionsKind =
    s?.helm || s?.chart
      ? 'Helm'
      : s?.kustomize
        ? 'Kustomize'
        : s?.directory
          ? 'Directory'
          : s?.plugin
            ? 'Plugin'
            : detected === 'Helm' || detected === 'Kustomize' || detected === 'Plugin'
              ? detected
              : 'Directory';
  const d = s?.directory;
  const h = s?.helm;
  const k = s?.kustomize;
  return {
    kind,
    recurse: d?.recurse ?? false,
    include: d?.include ?? '',
    exclude: d?.exclude ?? '',
    tlas: (d?.jsonnet?.tlas ?? []).map((t) => `${t.name}${t.code ? ':=' : '='}${t.value}`).join('\n'),
    chart: s?.chart ?? '',
    releaseName: h?.releaseName ?? '',
    valueFiles: (h?.valueFiles ?? []).join('\n'),
    values: h?.values ?? '',
    parameters: (h?.parameters ?? []).map((p) => `${p.name}=${p.value}`).join('\n'),
    images: (k?.images ?? []).join('\n'),
    namePrefix: k?.namePrefix ?? '',
    nameSuffix: k?.nameSuffix ?? '',
    replicas: (k?.replicas ?? []).map((r) => `${r.name}=${r.count}`).join('\n'),
    commonLabels: Object.entries(k?.commonLabels ?? {})
      .map(([a, b]) => `${a}=${b}`)
      .join('\n'),
    pluginName: s?.plugin?.name ?? '',
    pluginEnv: (s?.plugin?.env ?? []).map((e) => `${e.name}=${e.value}`).join('\n'),
    pluginParams: paramValuesFromSource(s?.plugin?.parameters),
  };
}

/** `source` with the options of `o.kind` set (over what it had) and the other kinds' options removed. */
export function applyOptions(source: ApplicationSource, o: SourceOptionValues): ApplicationSource {
  const { directory, helm, kustomize, plugin, chart: _chart, ...rest } = source;
  if (o.kind === 'Plugin') {
    const { name: _n, env: _e, parameters: _p, ...otherPlugin } = plugin ?? {};
    const env = pairs(o.pluginEnv).map(([name, value]) => ({ name, value }));
    const parameters = parametersFromValues(o.pluginParams);
    const p = {
      ...otherPlugin,
      ...(o.pluginName.trim() ? { name: o.pluginName.trim() } : {}),
      ...(env.length ? { env } : {}),
      ...(parameters.length ? { parameters } : {}),
    };
    // An empty plugin block still says "a plugin renders this" (discovery), as Argo CD reads it.
    return { ...rest, plugin: p };
  }
  if (o.kind === 'Directory') {
    const tlas = lines(o.tlas).flatMap((l) => {
      const code = /^[^=]+:=/.test(l);
      const [name, value] = code
        ? [l.slice(0, l.indexOf(':=')), l.slice(l.indexOf(':=') + 2)]
        : (pairs(l)[0] ?? []);
      return name
        ? [{ name: name.trim(), value: (value ?? '').trim(), ...(code ? { code: true } : {}) }]
        : [];
    });
    const { jsonnet, recurse: _r, include: _i, exclude: _e, ...otherDir } = directory ?? {};
    const { tlas: _t, ...otherJsonnet } = jsonnet ?? {};
    const jsonnetOut = { ...otherJsonnet, ...(tlas.length ? { tlas } : {}) };
    const dir = {
      ...otherDir,
      ...(o.recurse ? { recurse: true } : {}),
      ...(o.include.trim() ? { include: o.include.trim() } : {}),
      ...(o.exclude.trim() ? { exclude: o.exclude.trim() } : {}),
      ...(Object.keys(jsonnetOut).length ? { jsonnet: jsonnetOut } : {}),
    };
    return { ...rest, ...(Object.keys(dir).length ? { directory: dir } : {}) };
  }
  if (o.kind === 'Helm') {
    const { releaseName: _n, valueFiles: _f, values: _v, parameters: _p, ...otherHelm } = helm ?? {};
    const params = pairs(o.parameters).map(([name, value]) => ({ name, value }));
    const h = {
      ...otherHelm,
      ...(o.releaseName.trim() ? { releaseName: o.releaseName.trim() } : {}),
      ...(lines(o.valueFiles).length ? { valueFiles: lines(o.valueFiles) } : {}),
      ...(o.values.trim() ? { values: o.values } : {}),
      ...(params.length ? { parameters: params } : {}),
    };
    return {
      ...rest,
      ...(o.chart.trim() ? { chart: o.chart.trim() } : {}),
      ...(Object.keys(h).length ? { helm: h } : {}),
    };
  }
  const {
    images: _i,
    namePrefix: _p,
    nameSuffix: _s,
    replicas: _r,
    commonLabels: _l,
    ...otherK
  } = kustomize ?? {};
  const replicas = pairs(o.replicas).map(([name, count]) => ({
    name,
    count: /^\d+$/.test(count) ? Number(count) : count,
  }));
  const labels = pairs(o.commonLabels);
  const k = {
    ...otherK,
    ...(lines(o.images).length ? { images: lines(o.images) } : {}),
    ...(o.namePrefix.trim() ? { namePrefix: o.namePrefix.trim() } : {}),
    ...(o.nameSuffix.trim() ? { nameSuffix: o.nameSuffix.trim() } : {}),
    ...(replicas.length ? { replicas } : {}),
    ...(labels.length ? { commonLabels: Object.fromEntries(labels) } : {}),
  };
  return { ...rest, ...(Object.keys(k).length ? { kustomize: k } : {}) };
}

/**
 * Why these options cannot be sent (a `name=value` field with a line that is not, a plugin parameter
 * the plugin requires left empty), or undefined.
 */
export function optionsError(
  o: SourceOptionValues,
  announcement: readonly ParameterAnnouncement[] = [],
): string | undefined {
  const fields: [keyof SourceOptionValues, string, boolean][] = [
    ['parameters', 'Helm parameters', o.kind === 'Helm'],
    ['replicas', 'Kustomize replicas', o.kind === 'Kustomize'],
    ['commonLabels', 'Kustomize common labels', o.kind === 'Kustomize'],
    ['tlas', 'Jsonnet top-level arguments', o.kind === 'Directory'],
    ['pluginEnv', 'Plugin environment', o.kind === 'Plugin'],
  ];
  for (const [key, label, shown] of fields) {
    const bad = shown ? badPairs(String(o[key])) : [];
    if (bad.length) return `${label}: "${bad[0]}" is not name=value`;
  }
  return o.kind === 'Plugin'
    ? paramsError(paramFields(announcement, o.pluginParams), o.pluginParams)
    : undefined;
}

/** The source the server is asked about: a plugin block (name, env) when the options are a plugin's. */
export function detailsRequest(source: ApplicationSource, o: SourceOptionValues): ApplicationSource {
  const { directory: _d, helm: _h, kustomize: _k, plugin: _p, ...bare } = source;
  return o.kind === 'Plugin' ? applyOptions(bare, { ...o, pluginParams: {} }) : bare;
}
