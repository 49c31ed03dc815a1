import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processSpecs } from './components.js';
import { clusterPaths } from './paths.js';
import { pkiFiles } from './pki.js';

test('every component listens on loopback only, on the ports chosen for this cluster', () => {
  const ports = {
    etcdClient: 20001,
    etcdPeer: 20002,
    apiserver: 20003,
    controllerManager: 20004,
    scheduler: 20005,
    kwok: 20006,
  };
  const specs = processSpecs(clusterPaths('t', { DRIFTLESS_STATE_DIR: '/s' }), ports, pkiFiles('/s/pki'), {
    etcd: '/b/etcd',
    kubeApiserver: '/b/a',
    kubeControllerManager: '/b/c',
    kubeScheduler: '/b/s',
    kwok: '/b/k',
    kubectl: 'kubectl',
    kwokStagesDir: '/b/stages',
  });
  assert.deepEqual(
    specs.map((s) => s.name),
    ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'],
  );
  const all = specs.flatMap((s) => [...s.args, s.readyUrl]).join(' ');
  assert.ok(!all.includes('0.0.0.0'), 'nothing binds all interfaces');
  for (const p of Object.values(ports)) assert.ok(all.includes(String(p)), `port ${p} used`);
  const apiserver = specs.find((s) => s.name === 'kube-apiserver');
  assert.ok(
    apiserver?.args.includes('--authorization-mode=Node,RBAC'),
    'RBAC is on, so our RBAC is really tested',
  );
});
