// Connection state of destination clusters that this process does not cache (an API-only replica):
// a GET /version in the background, remembered for a while, so views stay synchronous.
import { errorMessage } from '../common/errors.js';
import { KubeClient } from '../kube/client.js';
import { connectionFromCluster } from '../kube/cluster-secret.js';
import type { Cluster } from '../model/cluster-secret.js';
import type { ClusterConnectionView } from '../server/cluster-view.js';

/** How long one probe's answer stands before the next view asks again. */
const PROBE_TTL_MS = 30_000;
const PROBE_TIMEOUT_MS = 10_000;

export interface ProbedState {
  state: ClusterConnectionView;
  serverVersion: string;
}

/** The cluster's version (GET /version with its credentials), or throws why it cannot be reached. */
export async function clusterVersion(cluster: Cluster, timeoutMs = 15_000): Promise<string> {
  const client = new KubeClient(connectionFromCluster(cluster));
  try {
    const v = await client.request<{ gitVersion?: string }>({
      method: 'GET',
      path: '/version',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return v.gitVersion ?? '';
  } finally {
    client.close();
  }
}

export class ClusterProbes {
  private readonly known = new Map<string, { probed: ProbedState; at: number }>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly probe: (c: Cluster) => Promise<string> = (c) => clusterVersion(c, PROBE_TIMEOUT_MS),
  ) {}

  /** The last answer for this cluster (undefined before the first), starting a new probe when it is stale. */
  state(cluster: Cluster): ProbedState | undefined {
    const last = this.known.get(cluster.server);
    if ((!last || this.now() - last.at > PROBE_TTL_MS) && !this.inFlight.has(cluster.server))
      void this.run(cluster);
    return last?.probed;
  }

  /** The state once the probe in flight (if any) has answered. */
  async settled(cluster: Cluster): Promise<ProbedState | undefined> {
    this.state(cluster);
    await this.inFlight.get(cluster.server);
    return this.known.get(cluster.server)?.probed;
  }

  private run(cluster: Cluster): Promise<void> {
    const attemptedAt = new Date(this.now()).toISOString();
    const done = this.probe(cluster)
      .then(
        (serverVersion): ProbedState => ({
          state: { status: 'Successful', message: '', attemptedAt },
          serverVersion,
        }),
        (e: unknown): ProbedState => ({
          state: {
            status: 'Failed',
            message: `unable to connect to cluster: ${errorMessage(e)}`,
            attemptedAt,
          },
          serverVersion: '',
        }),
      )
      .then((s) => {
        this.known.set(cluster.server, { probed: s, at: this.now() });
      })
      .finally(() => this.inFlight.delete(cluster.server));
    this.inFlight.set(cluster.server, done);
    return done;
  }
}
