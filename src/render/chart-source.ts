// A chart named by `source.chart`: from a Helm repository over HTTP(S) or from an OCI registry
// (`oci://host/path`, or `host/path` with enableOCI as Argo CD writes it), and the connection test
// `repo add --type helm` runs for either.
import { safeForMessage, type CredentialProvider, type RepoCredentials } from '../git/index.js';
import type { ApplicationSource } from '../model/index.js';
import { chartGet } from './chart-http.js';
import { RenderError } from './errors.js';
import { fetchChart, testChartRepository, type FetchedChart } from './helm-repo.js';
import { chartRepoHost, isOciRepoURL, ociRepo, openRegistrySession } from './helm-registry.js';
import { fetchOciChart } from './oci-chart.js';
import type { ToolContext } from './types.js';

export interface SourceChartRequest {
  source: ApplicationSource;
  chart: string;
  credentials: RepoCredentials | undefined;
  provider: CredentialProvider;
  cacheDir: string;
}

export function fetchSourceChart(tool: ToolContext, req: SourceChartRequest): Promise<FetchedChart> {
  const { source, credentials } = req;
  const host = chartRepoHost(source.repoURL, credentials);
  const common = {
    repoURL: source.repoURL,
    chart: req.chart,
    version: source.targetRevision,
    credentials,
    caCerts: host ? req.provider.tlsCertsFor(host) : undefined,
    cacheDir: req.cacheDir,
  };
  if (isOciRepoURL(source.repoURL, credentials)) return fetchOciChart(tool, common);
  return fetchChart({
    ...common,
    timeoutMs: tool.timeoutMs,
    passCredentials: source.helm?.passCredentials ?? false,
    onSpawn: tool.onSpawn,
  });
}

/**
 * Whether a chart repository answers with these credentials: index.yaml for an HTTP(S) repository;
 * for an OCI registry, `helm registry login` (or, without credentials, that /v2/ answers at all).
 */
export async function testChartSource(
  tool: ToolContext,
  repoURL: string,
  credentials: RepoCredentials,
  caCerts: string | undefined,
): Promise<void> {
  if (!isOciRepoURL(repoURL, credentials))
    return testChartRepository({ repoURL, credentials, caCerts, timeoutMs: 30_000 });
  const { host } = ociRepo(repoURL);
  if (credentials.username || credentials.password) {
    const session = await openRegistrySession(
      tool,
      [{ host, credentials, caCerts }],
      'check the username and password (or token) for the registry',
    );
    await session.close();
    return;
  }
  try {
    await chartGet(`https://${host}/v2/`, { credentials, caCerts, timeoutMs: 30_000, maxBytes: 1 << 20 });
  } catch (e) {
    throw new RenderError(`cannot reach OCI registry ${safeForMessage(host)}: ${(e as Error).message}`, {
      reason: 'ChartNotFound',
      tool: 'helm',
      hint: "check the host; for a private CA add it to argocd-tls-certs-cm under the registry's host name",
    });
  }
}
