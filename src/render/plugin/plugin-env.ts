// The environment a plugin's commands get, as Argo CD documents it: the build environment (ARGOCD_APP_*),
// source.plugin.env as ARGOCD_ENV_<name> (with $VARS of the build environment expanded), and the
// parameters as ARGOCD_APP_PARAMETERS (JSON) and PARAM_<NAME>[_<KEY>|_<i>].
import type { PluginSource } from '../../model/index.js';
import { envsubst } from '../envsubst.js';

type Parameter = NonNullable<PluginSource['parameters']>[number];

/** Argo CD's escaping of a parameter name or map key: upper case, anything but A-Z 0-9 _ becomes `_`. */
export function paramEnvName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** A parameter as Go's json.Marshal writes it (empty fields left out), so scripts parse the same JSON. */
function paramJson(p: Parameter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.name !== undefined && p.name !== '') out['name'] = p.name;
  if (p.string !== undefined) out['string'] = p.string;
  if (p.map !== undefined) out['map'] = p.map;
  if (p.array !== undefined) out['array'] = p.array;
  return out;
}

export function pluginEnv(
  plugin: PluginSource | undefined,
  buildEnv: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of plugin?.env ?? []) env[`ARGOCD_ENV_${e.name}`] = envsubst(e.value, buildEnv);
  const params = plugin?.parameters ?? [];
  env['ARGOCD_APP_PARAMETERS'] = JSON.stringify(params.map(paramJson));
  for (const p of params) {
    const base = `PARAM_${paramEnvName(p.name ?? '')}`;
    if (p.string !== undefined) env[base] = p.string;
    for (const [k, v] of Object.entries(p.map ?? {})) env[`${base}_${paramEnvName(k)}`] = v;
    (p.array ?? []).forEach((v, i) => (env[`${base}_${i}`] = v));
  }
  return env;
}
