// The optional plain-HTTP port of /metrics and the probes (Argo CD's 8082–8084), as every component starts it.
import type { MetricsSource } from '../server/metrics.js';
import { startProbeServer, type ProbeServer } from '../server/probe-server.js';

/** Listens on `metricsPort` at `address` when one is configured; undefined otherwise. */
export async function startMetricsPort(
  config: { metricsPort?: number | undefined; address: string },
  metrics: MetricsSource,
  ready: () => boolean,
): Promise<ProbeServer | undefined> {
  if (config.metricsPort === undefined) return undefined;
  return startProbeServer({ metrics, port: config.metricsPort, host: config.address, ready });
}
