// The environment Argo CD gives its build tools, so charts and plugins that read it work unchanged.
import type { ApplicationSource } from '../model/index.js';

export interface BuildEnvInput {
  appName: string;
  appNamespace: string;
  revision: string;
  source: ApplicationSource;
  kubeVersion?: string | undefined;
  apiVersions: readonly string[];
}

export function buildEnv(i: BuildEnvInput): Record<string, string> {
  const env: Record<string, string> = {
    ARGOCD_APP_NAME: i.appName,
    ARGOCD_APP_NAMESPACE: i.appNamespace,
    ARGOCD_APP_REVISION: i.revision,
    ARGOCD_APP_REVISION_SHORT: i.revision.slice(0, 7),
    ARGOCD_APP_SOURCE_PATH: i.source.path ?? '',
    ARGOCD_APP_SOURCE_REPO_URL: i.source.repoURL,
    ARGOCD_APP_SOURCE_TARGET_REVISION: i.source.targetRevision ?? '',
    KUBE_API_VERSIONS: i.apiVersions.join(','),
  };
  if (i.kubeVersion) env['KUBE_VERSION'] = i.kubeVersion.replace(/^v/, '');
  return env;
}
