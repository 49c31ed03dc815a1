// The one control plane an e2e run shares: found through the environment set by scripts/run-tests.mjs.
import { appendFileSync, existsSync } from 'node:fs';
import { criLogLines } from '../../../src/localcluster/kwok-logs.js';
import { clusterPaths, podLogBeside } from '../../../src/localcluster/paths.js';

export { waitFor } from './wait.js';

/** Path of the kubeconfig of the shared e2e cluster. */
export function e2eKubeconfig(): string {
  const explicit = process.env.DRIFTLESS_E2E_KUBECONFIG;
  if (explicit) return explicit;
  const name = process.env.DRIFTLESS_E2E_CLUSTER;
  if (!name) {
    throw new Error(
      'no e2e cluster: run the e2e suite with `npm run test:e2e` (it starts one), or set ' +
        'DRIFTLESS_E2E_KUBECONFIG to the kubeconfig of a running cluster (driftless local-cluster up).',
    );
  }
  const path = clusterPaths(name).kubeconfig;
  if (!existsSync(path)) throw new Error(`the e2e cluster ${name} has no kubeconfig at ${path}`);
  return path;
}

/** A random lowercase suffix for names a test creates. */
export function randomSuffix(len = 6): string {
  return Math.random()
    .toString(36)
    .slice(2, 2 + len)
    .padEnd(len, '0');
}

/**
 * Appends lines to the log kwok serves for every container of a local cluster (as if they had just logged):
 * the e2e cluster's, or the one of `kubeconfig` (a spoke).
 */
export function appendContainerLog(texts: string[], kubeconfig = e2eKubeconfig()): void {
  appendFileSync(podLogBeside(kubeconfig), criLogLines(texts, new Date()));
}
