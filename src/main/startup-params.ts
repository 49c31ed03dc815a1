// Reads the start-up parameters the cluster holds (argocd-cmd-params-cm, argocd-cm's timeouts) and
// those of the environment, once, before anything is wired.
import { isNotFound } from '../kube/api-error.js';
import type { ApiResource } from '../kube/api-resource.js';
import type { KubeClient } from '../kube/client.js';
import {
  ARGOCD_CM_PARAMS,
  CMD_PARAMS,
  paramsFromConfigMap,
  paramsFromEnv,
  type CmdParams,
} from './cmd-params.js';
import { ARGOCD_CM, CMD_PARAMS_CM } from '../model/settings-objects.js';

const CONFIGMAP: ApiResource = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  resource: 'configmaps',
  namespaced: true,
  verbs: ['get'],
};

async function configMapData(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<Record<string, string> | undefined> {
  const cm = await client
    .get(CONFIGMAP, name, { namespace })
    .catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
  return cm?.data as Record<string, string> | undefined;
}

export interface StartupParams {
  /** Environment variables (Argo CD's names) first, then argocd-cmd-params-cm. */
  cmdParams: CmdParams;
  argocdCm: CmdParams;
  ignored: string[];
}

export async function readStartupParams(
  client: KubeClient,
  namespace: string,
  env: Record<string, string | undefined>,
): Promise<StartupParams> {
  const fromEnv = paramsFromEnv(env);
  const fromCm = paramsFromConfigMap(
    CMD_PARAMS,
    CMD_PARAMS_CM,
    await configMapData(client, namespace, CMD_PARAMS_CM),
  );
  const argocdCm = paramsFromConfigMap(
    ARGOCD_CM_PARAMS,
    ARGOCD_CM,
    await configMapData(client, namespace, ARGOCD_CM),
  );
  return {
    cmdParams: { options: { ...fromCm.options, ...fromEnv.options }, ignored: [] },
    argocdCm,
    ignored: [...fromEnv.ignored, ...fromCm.ignored, ...argocdCm.ignored],
  };
}
