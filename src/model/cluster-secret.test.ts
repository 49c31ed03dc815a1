// Cluster Secrets: every field Argo CD writes, stringData over data, and malformed Secrets as error values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from './kube-object.js';
import { clusterSecretData, isClusterSecret, parseClusterSecret, parseConfig } from './cluster-secret.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function secret(data: Record<string, string>, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'spoke-1',
      namespace: 'argocd',
      resourceVersion: '1',
      labels: { 'argocd.argoproj.io/secret-type': 'cluster', ...labels },
      annotations: { team: 'a' },
    },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  };
}

test('reads name, server, namespaces, project, labels and annotations', () => {
  const s = secret(
    {
      name: 'prod',
      server: 'https://10.0.0.1:6443/',
      namespaces: 'a, b',
      clusterResources: 'true',
      project: 'p',
    },
    { env: 'production' },
  );
  assert.ok(isClusterSecret(s));
  const r = parseClusterSecret(s);
  assert.ok(r.ok);
  assert.deepEqual(r.cluster, {
    name: 'prod',
    server: 'https://10.0.0.1:6443',
    secretName: 'spoke-1',
    namespaces: ['a', 'b'],
    clusterResources: true,
    project: 'p',
    labels: { env: 'production' },
    annotations: { team: 'a' },
    config: {},
    inCluster: false,
  });
});

test('a Secret for https://kubernetes.default.svc is in-cluster; name defaults to the server', () => {
  const r = parseClusterSecret(secret({ server: 'https://kubernetes.default.svc' }));
  assert.ok(r.ok);
  assert.equal(r.cluster.inCluster, true);
  assert.equal(r.cluster.name, 'https://kubernetes.default.svc');
  assert.equal(r.cluster.clusterResources, true);
});

test('namespace-scoped clusters manage cluster resources only when clusterResources is true', () => {
  const r = parseClusterSecret(secret({ server: 'https://x', namespaces: 'a' }));
  assert.ok(r.ok);
  assert.equal(r.cluster.clusterResources, false);
});

test('config JSON: token, basic auth, TLS, exec plugin, proxy', () => {
  const config = {
    bearerToken: 't',
    username: 'u',
    password: 'p',
    proxyUrl: 'http://proxy:3128',
    tlsClientConfig: {
      caData: b64('CA'),
      certData: b64('C'),
      keyData: b64('K'),
      insecure: true,
      serverName: 'api',
    },
    execProviderConfig: {
      command: 'aws',
      args: ['eks', 'get-token'],
      env: { A: '1' },
      apiVersion: 'client.authentication.k8s.io/v1',
    },
  };
  const parsed = parseConfig(JSON.stringify(config));
  assert.deepEqual(parsed, config);
});

test('stringData wins over data', () => {
  const s = secret({ server: 'https://old' });
  s.stringData = { server: 'https://new' };
  const r = parseClusterSecret(s);
  assert.ok(r.ok);
  assert.equal(r.cluster.server, 'https://new');
});

test('malformed Secrets are error values naming the field', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ name: 'x' }, /data\.server is missing/],
    [{ server: 'ftp://x' }, /not an http\(s\) URL/],
    [{ server: 'https://x', config: '{' }, /data\.config is not valid JSON/],
    [{ server: 'https://x', config: '[]' }, /must be a JSON object/],
    [{ server: 'https://x', config: '{"bearerToken":1}' }, /\.bearerToken must be a string/],
    [{ server: 'https://x', config: '{"tlsClientConfig":{"certData":"QQ=="}}' }, /not both/],
    [{ server: 'https://x', config: '{"execProviderConfig":{"args":[]}}' }, /\.command is required/],
    [{ server: 'https://x', config: '{"execProviderConfig":{"command":"c","args":[1]}}' }, /\.args must be/],
    [{ server: 'https://x', config: '{"awsAuthConfig":{}}' }, /awsAuthConfig is not supported/],
    [{ server: 'https://x', shard: 'one' }, /data\.shard "one" is not a shard number/],
    [{ server: 'https://x', shard: '-1' }, /data\.shard "-1" is not a shard number/],
  ];
  for (const [data, re] of cases) {
    const r = parseClusterSecret(secret(data));
    assert.ok(!r.ok, JSON.stringify(data));
    assert.match(r.error, re);
  }
});

test('clusterSecretData round-trips through the parser', () => {
  const data = clusterSecretData({
    name: 'prod',
    server: 'https://p',
    namespaces: ['a'],
    clusterResources: true,
    project: 'team',
    shard: 2,
    config: { bearerToken: 't' },
  });
  const s = secret({});
  s.stringData = data;
  const r = parseClusterSecret(s);
  assert.ok(r.ok);
  assert.deepEqual(
    { ...r.cluster, labels: {}, annotations: {} },
    {
      name: 'prod',
      server: 'https://p',
      secretName: 'spoke-1',
      namespaces: ['a'],
      clusterResources: true,
      project: 'team',
      shard: 2,
      config: { bearerToken: 't' },
      inCluster: false,
      labels: {},
      annotations: {},
    },
  );
});
