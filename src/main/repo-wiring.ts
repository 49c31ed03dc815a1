// Which repo service a process uses: one in this process (all-in-one, and the repo-server component
// itself), or the client of a separate repo server (`--repo-server` / `repo.server`, ADR 0024).
import { AbortError } from '../common/errors.js';
import type { CredentialProvider, RemoteCallObserver } from '../git/index.js';
import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../model/index.js';
import { LiveRepoSettings, remoteRepo, RepoService, type RepoPort } from '../render/index.js';
import { callerToken } from './repo-server-token.js';
import { repoServerTransport } from './repo-server-tls.js';
import type { ServerConfig } from './server-config.js';

/** The repo service of this process, configured from the resolved configuration. */
export function localRepoService(
  config: ServerConfig,
  credentials: CredentialProvider,
  onRemoteCall?: RemoteCallObserver,
): RepoService {
  return new RepoService({
    credentials,
    cacheDir: config.cacheDir,
    revisionCacheTtlMs: Math.min(config.reconciliationMs, 180_000),
    renderTimeoutMs: config.repoServerTimeoutMs,
    limits: {
      maxManifestBytes: config.maxManifestBytes,
      maxFiles: config.maxManifestFiles,
      maxYamlAliases: config.maxYamlAliases,
      maxDepth: config.maxYamlDepth,
    },
    sandbox: config.renderSandbox,
    pluginDir: config.pluginDir,
    gitTimeoutMs: config.gitRequestTimeoutMs,
    ...(onRemoteCall ? { onRemoteCall } : {}),
  });
}

/** What the controller and API use: the repo service (maybe remote), and checkouts read in this process. */
export interface CallerRepos {
  repo: RepoPort;
  /**
   * Git checkouts as local folders, for the ApplicationSet git generators (they read files, run no tool):
   * the repo service itself when it runs here, else a RepoService of this process used only for Git.
   */
  checkouts: Pick<RepoService, 'checkout'>;
}

/**
 * The controller's and API's repo service. `objects` gives the namespace's Secrets and ConfigMaps (the
 * watch cache): read at each call, so a new or rotated credential applies without a restart, locally
 * and — sent with each call — in a separate repo server.
 */
export async function repoForCallers(
  config: ServerConfig,
  deps: {
    client: KubeClient;
    objects: () => readonly KubeObject[];
    env: Record<string, string | undefined>;
    onRemoteCall?: RemoteCallObserver;
  },
): Promise<CallerRepos> {
  const local = () => localRepoService(config, new LiveRepoSettings(deps.objects), deps.onRemoteCall);
  if (!config.repoServer) {
    const repo = local();
    return { repo, checkouts: repo };
  }
  const transport = repoServerTransport(config, deps.objects);
  // Strict TLS without a CA would fail every call: say so at start.
  if (transport.kind === 'strict-tls' && !transport.ca())
    throw new AbortError(
      `--repo-server-strict-tls needs the repo server's CA, and ${transport.caSource} has none`,
      {
        hint: "create the Secret with ca.crt (the CA that signed the repo server's certificate) before starting",
      },
    );
  const repo = remoteRepo({
    address: config.repoServer,
    token: await callerToken(deps.client, config.namespace, deps.env),
    objects: deps.objects,
    transport,
    // A call may fetch (git timeout) and then render (render timeout).
    timeoutMs: config.gitRequestTimeoutMs + config.repoServerTimeoutMs,
  });
  let git: RepoService | undefined;
  return { repo, checkouts: { checkout: (...args) => (git ??= local()).checkout(...args) } };
}
