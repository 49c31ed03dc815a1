// What the updater and promote share to reach registries: argocd-image-updater-config's data from the
// controller's cache, registry CAs from argocd-tls-certs-cm, and the credential sources.
import type { ApplicationController } from '../controller/app-controller.js';
import { LiveRepoSettings } from '../git/index.js';
import { RegistryClient } from '../image/registry-client.js';
import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../model/index.js';
import type { DigestDeps } from './api-ports.js';
import { RegistryCredentialSource } from './pull-credentials.js';

export const UPDATER_CM = 'argocd-image-updater-config';

/** argocd-image-updater-config's data, as the controller's cache holds it now. */
export function updaterSettings(
  controller: ApplicationController,
): () => Readonly<Record<string, string>> | undefined {
  const { cache, config } = controller.ctx;
  return () =>
    (
      cache.get({ group: '', kind: 'ConfigMap', namespace: config.namespace, name: UPDATER_CM }) as
        { data?: Record<string, string> } | undefined
    )?.data;
}

/** The registry client and credentials promote resolves tags with (the API server's own client). */
export function digestDeps(
  controller: ApplicationController,
  client: KubeClient,
  objects: () => readonly KubeObject[],
): DigestDeps {
  const certs = new LiveRepoSettings(objects);
  return {
    // tagTtlMs 0: a promotion reads the tag's digest now, not one an interval old.
    registry: new RegistryClient({
      timers: controller.ctx.timers,
      caFor: (h) => certs.tlsCertsFor(h),
      tagTtlMs: 0,
    }),
    credentials: new RegistryCredentialSource(client, updaterSettings(controller), controller.ctx.timers),
  };
}
