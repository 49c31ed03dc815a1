// Kubeconfig, in-cluster and Argo CD cluster-secret parsing, with real files in temp directories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbortError } from '../common/errors.js';
import { connectionFromClusterSecret, isClusterSecret } from './cluster-secret.js';
import { defaultKubeconfigPath, inClusterConnection, loadKubeconfig, parseKubeconfig } from './kubeconfig.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

const twoContexts = `
apiVersion: v1
kind: Config
current-context: a
clusters:
- name: ca
  cluster:
    server: https://127.0.0.1:6443/
    certificate-authority-data: ${b64('CA-PEM')}
- name: cb
  cluster:
    server: https://b.example:443
    insecure-skip-tls-verify: true
    tls-server-name: kubernetes
users:
- name: ua
  user:
    client-certificate-data: ${b64('CERT')}
    client-key-data: ${b64('KEY')}
- name: ub
  user:
    token: abc
contexts:
- name: a
  context: { cluster: ca, user: ua, namespace: team }
- name: b
  context: { cluster: cb, user: ub }
`;

test('current-context with inline data', () => {
  const c = parseKubeconfig(twoContexts);
  assert.equal(c.server, 'https://127.0.0.1:6443');
  assert.equal(c.name, 'a');
  assert.equal(c.ca?.toString(), 'CA-PEM');
  assert.equal(c.cert?.toString(), 'CERT');
  assert.equal(c.key?.toString(), 'KEY');
  assert.equal(c.namespace, 'team');
  assert.equal(c.token, undefined);
});

test('a named context with token and insecure TLS', () => {
  const c = parseKubeconfig(twoContexts, { context: 'b' });
  assert.equal(c.token, 'abc');
  assert.equal(c.insecureSkipTlsVerify, true);
  assert.equal(c.tlsServerName, 'kubernetes');
  assert.equal(c.ca, undefined);
});

test('file references resolve relative to the kubeconfig; basic auth and tokenFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kc-'));
  writeFileSync(join(dir, 'ca.crt'), 'FILE-CA');
  writeFileSync(join(dir, 'token'), 'tok\n');
  const path = join(dir, 'config');
  writeFileSync(
    path,
    `current-context: x
clusters: [{ name: c, cluster: { server: "https://h:1", certificate-authority: ca.crt } }]
users: [{ name: u, user: { username: admin, password: secret, tokenFile: token } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
`,
  );
  const c = loadKubeconfig(path);
  assert.equal(c.ca?.toString(), 'FILE-CA');
  assert.equal(c.username, 'admin');
  assert.equal(c.password, 'secret');
  assert.equal(c.tokenFile, join(dir, 'token'));
});

test('errors name the file and the field, with a hint', () => {
  const cases: [string, RegExp][] = [
    ['clusters: []', /no current-context/],
    [twoContexts.replace('current-context: a', 'current-context: zz'), /contexts has no entry named "zz"/],
    [twoContexts.replace('server: https://127.0.0.1:6443/', 'foo: bar'), /cluster "ca"\.server is missing/],
    [twoContexts.replace(`client-key-data: ${b64('KEY')}`, ''), /certificate or key but not both/],
    [twoContexts.replace(b64('CA-PEM'), 'not-base64!'), /certificate-authority-data is not valid base64/],
    ['a: [', /not valid YAML/],
  ];
  for (const [text, re] of cases) {
    assert.throws(
      () => parseKubeconfig(text, { path: '/x/config' }),
      (e: unknown) => e instanceof AbortError && re.test(e.message) && e.message.includes('/x/config'),
      String(re),
    );
  }
  assert.throws(
    () => loadKubeconfig('/nonexistent/kubeconfig'),
    (e: unknown) => e instanceof AbortError && e.hint !== undefined,
  );
  assert.throws(
    () =>
      parseKubeconfig(twoContexts.replace('token: abc', 'auth-provider: { name: gcp }'), { context: 'b' }),
    /auth-provider plugin, which is not supported/,
  );
});

test('exec plugins, proxy-url: read into the connection; a relative command is relative to the file', () => {
  const text = twoContexts
    .replace(
      'token: abc',
      'exec: { apiVersion: client.authentication.k8s.io/v1, command: ./bin/get-token, args: [a], env: [{ name: X, value: "1" }] }',
    )
    .replace('tls-server-name: kubernetes', 'tls-server-name: kubernetes\n    proxy-url: http://proxy:3128');
  const c = parseKubeconfig(text, { context: 'b', path: '/x/config' });
  assert.deepEqual(c.exec, {
    command: '/x/bin/get-token',
    args: ['a'],
    env: { X: '1' },
    apiVersion: 'client.authentication.k8s.io/v1',
  });
  assert.equal(c.proxyUrl, 'http://proxy:3128');
  assert.equal(
    parseKubeconfig(text.replace('./bin/get-token', 'aws'), { context: 'b' }).exec?.command,
    'aws',
  );
});

test('a KUBECONFIG list is merged: first current-context and first entry of a name win, files relative to theirs', () => {
  const d1 = mkdtempSync(join(tmpdir(), 'kc1-'));
  const d2 = mkdtempSync(join(tmpdir(), 'kc2-'));
  writeFileSync(join(d2, 'ca.crt'), 'CA-2');
  writeFileSync(
    join(d1, 'config'),
    `current-context: spoke
contexts: [{ name: spoke, context: { cluster: s, user: u } }]
users: [{ name: u, user: { token: first } }]
`,
  );
  writeFileSync(
    join(d2, 'config'),
    `current-context: other
clusters: [{ name: s, cluster: { server: "https://s:1", certificate-authority: ca.crt } }]
users: [{ name: u, user: { token: second } }]
contexts: [{ name: other, context: { cluster: s, user: u } }]
`,
  );
  const list = [join(d1, 'config'), join(d1, 'missing'), join(d2, 'config')].join(':');
  const c = loadKubeconfig(list);
  assert.equal(c.name, 'spoke');
  assert.equal(c.server, 'https://s:1');
  assert.equal(c.token, 'first');
  assert.equal(c.ca?.toString(), 'CA-2');
  assert.equal(loadKubeconfig(list, { context: 'other' }).name, 'other');
});

test('KUBECONFIG env is the whole list', () => {
  assert.equal(defaultKubeconfigPath({ KUBECONFIG: '/a::/b' }), '/a:/b');
  assert.match(defaultKubeconfigPath({}), /\.kube\/config$/);
});

test('in-cluster config from env and the service-account dir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-'));
  writeFileSync(join(dir, 'token'), 'sa-token');
  writeFileSync(join(dir, 'ca.crt'), 'SA-CA');
  writeFileSync(join(dir, 'namespace'), 'argocd\n');
  const env = { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' };
  const c = inClusterConnection({ env, serviceAccountDir: dir });
  assert.equal(c.server, 'https://[fd00::1]:443');
  assert.equal(c.tokenFile, join(dir, 'token'));
  assert.equal(c.ca?.toString(), 'SA-CA');
  assert.equal(c.namespace, 'argocd');
  assert.throws(() => inClusterConnection({ env: {} }), /KUBERNETES_SERVICE_HOST/);
  assert.throws(
    () => inClusterConnection({ env, serviceAccountDir: join(dir, 'none') }),
    /service account files/,
  );
});

function secret(data: Record<string, string>): Parameters<typeof connectionFromClusterSecret>[0] {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'prod', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'cluster' } },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  };
}

test('Argo CD cluster secret: bearer token and TLS client config', () => {
  const s = secret({
    name: 'prod',
    server: 'https://prod.example:6443/',
    config: JSON.stringify({
      bearerToken: 't0k',
      tlsClientConfig: {
        insecure: false,
        caData: b64('CA'),
        certData: b64('C'),
        keyData: b64('K'),
        serverName: 'api',
      },
    }),
  });
  assert.ok(isClusterSecret(s));
  const c = connectionFromClusterSecret(s);
  assert.deepEqual(
    { ...c, ca: c.ca?.toString(), cert: c.cert?.toString(), key: c.key?.toString() },
    {
      server: 'https://prod.example:6443',
      name: 'prod',
      token: 't0k',
      tlsServerName: 'api',
      ca: 'CA',
      cert: 'C',
      key: 'K',
    },
  );
});

test('Argo CD cluster secret: basic auth, stringData, and errors', () => {
  const s = secret({});
  s.stringData = {
    server: 'https://x',
    config: '{"username":"u","password":"p","tlsClientConfig":{"insecure":true}}',
  };
  const c = connectionFromClusterSecret(s);
  assert.equal(c.username, 'u');
  assert.equal(c.insecureSkipTlsVerify, true);
  assert.equal(c.name, 'https://x');
  assert.throws(() => connectionFromClusterSecret(secret({ name: 'n' })), /data\.server is missing/);
  assert.throws(
    () => connectionFromClusterSecret(secret({ server: 'https://x', config: '{' })),
    /data\.config is not valid JSON/,
  );
  assert.throws(
    () => connectionFromClusterSecret(secret({ server: 'https://x', config: '{"execProviderConfig":{}}' })),
    /execProviderConfig\.command is required/,
  );
  const e = connectionFromClusterSecret(
    secret({ server: 'https://x', config: '{"execProviderConfig":{"command":"get-token","args":["a"]}}' }),
  );
  assert.deepEqual(e.exec, { command: 'get-token', args: ['a'] });
});
