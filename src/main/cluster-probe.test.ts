// Probed connection state (API-only replicas): answered in the background, kept for a while, failures named.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Cluster } from '../model/cluster-secret.js';
import { ClusterProbes } from './cluster-probe.js';

const spoke: Cluster = {
  name: 'spoke',
  server: 'https://127.0.0.1:1',
  namespaces: [],
  clusterResources: true,
  labels: {},
  annotations: {},
  config: {},
  inCluster: false,
};

describe('ClusterProbes', () => {
  test('the first view starts a probe; its answer stands for 30 s, then a view probes again', async () => {
    let now = 0;
    const answers = ['v1.34.1', new Error('connect ECONNREFUSED 127.0.0.1:1')];
    let calls = 0;
    const probes = new ClusterProbes(
      () => now,
      () => {
        const a = answers[calls++];
        return a instanceof Error ? Promise.reject(a) : Promise.resolve(a ?? '');
      },
    );
    assert.equal(probes.state(spoke), undefined);
    const first = await probes.settled(spoke);
    assert.deepEqual(first, {
      state: { status: 'Successful', message: '', attemptedAt: '1970-01-01T00:00:00.000Z' },
      serverVersion: 'v1.34.1',
    });
    now = 29_000;
    assert.equal(probes.state(spoke)?.state.status, 'Successful');
    assert.equal(calls, 1, 'no second probe within the TTL');
    now = 31_000;
    const second = await probes.settled(spoke);
    assert.equal(calls, 2);
    assert.equal(second?.state.status, 'Failed');
    assert.match(second?.state.message ?? '', /unable to connect to cluster: .*ECONNREFUSED/);
  });
});
