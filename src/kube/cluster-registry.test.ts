// The cluster registry: in-cluster plus cluster Secrets, destination resolution by server or name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../model/kube-object.js';
import { ClusterRegistry } from './cluster-registry.js';

function secret(
  name: string,
  data: Record<string, string>,
  labels: Record<string, string> = {},
  rv = '1',
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      uid: `uid-${name}`,
      resourceVersion: rv,
      labels: { 'argocd.argoproj.io/secret-type': 'cluster', ...labels },
    },
    stringData: data,
  };
}

const repoSecret: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'repo', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
  stringData: { url: 'https://git' },
};

test('lists in-cluster and every valid cluster Secret with labels, sorted by name', () => {
  const secrets = [
    secret('b', { name: 'spoke-b', server: 'https://b:6443' }, { env: 'staging' }),
    secret('a', { name: 'spoke-a', server: 'https://a:6443' }, { env: 'production' }),
    secret('bad', { name: 'broken' }),
    repoSecret,
  ];
  const reg = new ClusterRegistry({ secrets: () => secrets });
  assert.deepEqual(
    reg.list().map((c) => [c.name, c.server, c.labels['env'] ?? '']),
    [
      ['in-cluster', 'https://kubernetes.default.svc', ''],
      ['spoke-a', 'https://a:6443', 'production'],
      ['spoke-b', 'https://b:6443', 'staging'],
    ],
  );
  assert.deepEqual(reg.errors(), [
    { secretName: 'bad', message: 'cluster secret bad: data.server is missing (the cluster API URL)' },
  ]);
});

test('a Secret for the in-cluster URL replaces the implicit entry (its labels count)', () => {
  const secrets = [
    secret('local', { name: 'hub', server: 'https://kubernetes.default.svc' }, { env: 'hub' }),
  ];
  const reg = new ClusterRegistry({ secrets: () => secrets });
  const list = reg.list();
  assert.equal(list.length, 1);
  assert.equal(list[0]?.name, 'hub');
  assert.equal(list[0]?.inCluster, true);
  assert.equal(reg.resolve({ name: 'hub' }).ok, true);
});

test('a change to a Secret is seen at the next call', () => {
  let secrets = [secret('a', { name: 'x', server: 'https://a' }, { env: 'staging' }, '1')];
  const reg = new ClusterRegistry({ secrets: () => secrets });
  assert.equal(reg.byServer('https://a')?.labels['env'], 'staging');
  secrets = [secret('a', { name: 'x', server: 'https://a' }, { env: 'production' }, '2')];
  assert.equal(reg.byServer('https://a/')?.labels['env'], 'production');
  secrets = [];
  assert.equal(reg.byServer('https://a'), undefined);
});

test('resolves destinations by server or name, with Argo CD messages otherwise', () => {
  const secrets = [
    secret('a', { name: 'spoke', server: 'https://a' }),
    secret('d1', { name: 'dup', server: 'https://d1' }),
    secret('d2', { name: 'dup', server: 'https://d2' }),
  ];
  const reg = new ClusterRegistry({ secrets: () => secrets, inClusterServer: 'https://127.0.0.1:6443' });
  const ok = (r: ReturnType<ClusterRegistry['resolve']>): string =>
    r.ok ? r.cluster.server : `error: ${r.error}`;
  assert.equal(ok(reg.resolve({ server: 'https://a/' })), 'https://a');
  assert.equal(ok(reg.resolve({ name: 'spoke' })), 'https://a');
  assert.equal(ok(reg.resolve({ name: 'spoke', server: 'https://a' })), 'https://a');
  assert.equal(ok(reg.resolve({ name: 'in-cluster' })), 'https://kubernetes.default.svc');
  assert.equal(ok(reg.resolve({ server: 'https://127.0.0.1:6443' })), 'https://kubernetes.default.svc');
  assert.match(ok(reg.resolve({ server: 'https://nope' })), /no clusters with this URL: https:\/\/nope/);
  assert.match(ok(reg.resolve({ name: 'nope' })), /no clusters with this name: nope/);
  assert.match(ok(reg.resolve({ name: 'dup' })), /there are 2 clusters with the same name: dup/);
  assert.match(ok(reg.resolve({ name: 'spoke', server: 'https://d1' })), /can't have both name and server/);
  assert.match(ok(reg.resolve({})), /neither server nor name/);
  assert.equal(reg.isInClusterServer('https://127.0.0.1:6443/'), true);
});
