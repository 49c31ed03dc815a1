// What the updater and promote share to reach registries: argocd-image-updater-config's data from the
// controller's cache, registry CAs from argocd-tls-certs-cm, registries.conf's request limits, and the
// credential sources.
import type { ApplicationController } from '../controller/app-controller.js';
import { LiveRepoSettings } from '../git/index.js';
import { limitFor, parseRegistriesConf, type RegistryEntry } from '../image/registries-conf.js';
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

let parsed: { text: string; entries: RegistryEntry[] } | undefined;

/**
 * registries.conf's `limit` for a registry host, read from the settings at each request (parsed once
 * per text). A malformed registries.conf limits nothing here: the credential lookup reports it.
 */
export function registryLimit(
  settings: () => Readonly<Record<string, string>> | undefined,
  host: string,
): number | undefined {
  const text = settings()?.['registries.conf'] ?? '';
  if (parsed?.text !== text) {
    try {
      parsed = { text, entries: parseRegistriesConf(text) };
    } catch {
      parsed = { text, entries: [] };
    }
  }
  return limitFor(parsed.entries, host);
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
      limitFor: (host) => registryLimit(updaterSettings(controller), host),
      tagTtlMs: 0,
    }),
    credentials: new RegistryCredentialSource(client, updaterSettings(controller), controller.ctx.timers),
  };
}
