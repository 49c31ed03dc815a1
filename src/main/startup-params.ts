// The start-up parameters the cluster holds (argocd-cmd-params-cm, argocd-cm's timeouts), taken from the
// shared settings source once the cache is synced, and those of the environment, once, before wiring.
import type { SettingsSnapshot } from '../settings/settings-source.js';
import {
  ARGOCD_CM_PARAMS,
  CMD_PARAMS,
  paramsFromConfigMap,
  paramsFromEnv,
  type CmdParams,
} from './cmd-params.js';
import { ARGOCD_CM, CMD_PARAMS_CM } from '../model/settings-objects.js';

export interface StartupParams {
  /** Environment variables (Argo CD's names) first, then argocd-cmd-params-cm. */
  cmdParams: CmdParams;
  argocdCm: CmdParams;
  ignored: string[];
}

export function startupParams(
  settings: SettingsSnapshot,
  env: Record<string, string | undefined>,
): StartupParams {
  const present = (p: SettingsSnapshot[keyof SettingsSnapshot]) => (p.object ? { ...p.data } : undefined);
  const fromEnv = paramsFromEnv(env);
  const fromCm = paramsFromConfigMap(CMD_PARAMS, CMD_PARAMS_CM, present(settings.cmdParams));
  const argocdCm = paramsFromConfigMap(ARGOCD_CM_PARAMS, ARGOCD_CM, present(settings.cm));
  return {
    cmdParams: { options: { ...fromCm.options, ...fromEnv.options }, ignored: [] },
    argocdCm,
    ignored: [...fromEnv.ignored, ...fromCm.ignored, ...argocdCm.ignored],
  };
}
