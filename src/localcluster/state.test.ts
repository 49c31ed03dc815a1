import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readState, writeState, type ClusterState } from './state.js';
import { isOurProcessAlive } from './processes.js';
import { clusterPaths, isValidClusterName } from './paths.js';
import { parseEnvFile } from './versions.js';

const sample: ClusterState = {
  name: 'a',
  kubernetesVersion: 'v1.34.4',
  ports: { etcdClient: 1, etcdPeer: 2, apiserver: 3, controllerManager: 4, scheduler: 5, kwok: 6 },
  processes: { etcd: { pid: 42, binary: '/x/etcd', log: '/x/etcd.log' } },
  startedAt: '2026-01-01T00:00:00Z',
};

test('state round-trips through the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-state-'));
  const p = join(dir, 'sub', 'state.json');
  writeState(p, sample);
  assert.deepEqual(readState(p), sample);
});

test('a missing, torn or foreign state file reads as no state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-state-'));
  assert.equal(readState(join(dir, 'none.json')), undefined);
  writeFileSync(join(dir, 'torn.json'), '{"name": "a", "proc');
  assert.equal(readState(join(dir, 'torn.json')), undefined);
  writeFileSync(join(dir, 'foreign.json'), '{"hello": 1}');
  assert.equal(readState(join(dir, 'foreign.json')), undefined);
});

test('a live PID running another binary is not ours (PID reuse)', () => {
  assert.equal(isOurProcessAlive({ pid: process.pid, binary: '/not/node', log: '' }), false);
  assert.equal(isOurProcessAlive({ pid: process.pid, binary: process.execPath, log: '' }), true);
  assert.equal(isOurProcessAlive({ pid: 2 ** 22 + 7, binary: process.execPath, log: '' }), false);
});

test('cluster names are checked and state lives under the state root', () => {
  assert.ok(isValidClusterName('dev'));
  assert.ok(isValidClusterName('e2e-123'));
  for (const bad of ['', 'Dev', '../x', 'a/b', '-a', 'a-', 'x'.repeat(50)])
    assert.equal(isValidClusterName(bad), false, bad);
  const p = clusterPaths('dev', { DRIFTLESS_STATE_DIR: '/s' });
  assert.equal(p.kubeconfig, '/s/clusters/dev/kubeconfig');
});

test('versions.env parsing ignores comments and blanks', () => {
  assert.deepEqual(parseEnvFile('# c\n\nA=1\n B = v2 \nbad line\n'), { A: '1', B: 'v2' });
});
