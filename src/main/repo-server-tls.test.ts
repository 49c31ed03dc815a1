// TLS between callers and the repo server over loopback: generated and mounted certificates, the
// non-verifying default, strict verification against the Secret's CA, and mismatched settings named.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AbortError } from '../common/errors.js';
import { silentLogger } from '../common/log.js';
import type { RemoteRefs } from '../git/index.js';
import type { KubeObject } from '../model/index.js';
import {
  RequestSettings,
  remoteRepo,
  startRepoApiServer,
  type RepoPort,
  type RepoServerTransport,
} from '../render/index.js';
import { RepoServerMetrics } from '../server/repo-server-metrics.js';
import { generateSelfSigned, type TlsMaterial } from '../server/tls-cert.js';
import { mountedTls, repoServerHosts, repoServerTransport } from './repo-server-tls.js';
import { defaultConfig } from './server-config.js';

const unused = () => Promise.reject(new Error('not called'));
const service: RepoPort = {
  render: unused,
  appDetails: unused,
  resolveRevision: unused,
  revisionMetadata: unused,
  testRepository: unused,
  changedFiles: unused,
  lsRemote: () => Promise.resolve(new Map([['refs/heads/main', 'abc']]) as RemoteRefs),
  stats: () => ({ gitSpawns: 0, toolSpawns: 0, cacheHits: 0, renders: 0 }),
};
const token = 'tls-test-token';

async function serve(tls: TlsMaterial | undefined, metrics?: RepoServerMetrics) {
  return startRepoApiServer({
    service,
    settings: new RequestSettings(),
    token,
    listen: { host: '127.0.0.1', port: 0 },
    log: silentLogger,
    tls,
    ...(metrics ? { onCall: (m: string, r: string | undefined) => metrics.callStarted(m, r) } : {}),
  });
}

const call = (port: number, transport: RepoServerTransport) =>
  remoteRepo({ address: `127.0.0.1:${port}`, token, objects: () => [], timeoutMs: 10_000, transport })
    .lsRemote('https://git.example/a.git')
    .then(
      (refs) => refs,
      (e: unknown) => e as Error & { hint?: string },
    );

describe('repo server TLS', () => {
  let own: TlsMaterial;
  let other: TlsMaterial;
  before(async () => {
    [own, other] = await Promise.all([
      generateSelfSigned(repoServerHosts('argocd')),
      generateSelfSigned(['localhost']),
    ]);
  });

  it('serves its certificate; the default caller accepts it without verifying, a strict one with the right CA', async () => {
    const server = await serve(own);
    try {
      assert.ok((await call(server.port, { kind: 'tls' })) instanceof Map);
      const strict = (ca: string): RepoServerTransport => ({
        kind: 'strict-tls',
        ca: () => ca,
        caSource: 'ca.crt of the Secret argocd/argocd-repo-server-tls',
      });
      assert.ok((await call(server.port, strict(own.cert))) instanceof Map);
      const refused = await call(server.port, strict(other.cert));
      assert.ok(refused instanceof Error);
      assert.match(
        refused.message,
        /not available: its TLS certificate is not trusted by the CA in ca\.crt of the Secret argocd\/argocd-repo-server-tls/,
      );
      assert.match(refused.hint ?? '', /put the CA that signed/);
      const noCa = await call(server.port, {
        kind: 'strict-tls',
        ca: () => undefined,
        caSource: 'the Secret',
      });
      assert.ok(noCa instanceof Error);
      assert.match(noCa.message, /needs a CA, and the Secret has none/);
      const plain = await call(server.port, { kind: 'plaintext' });
      assert.ok(plain instanceof Error);
      assert.match(plain.hint ?? '', /serves TLS: remove --repo-server-plaintext/);
    } finally {
      await server.close();
    }
  });

  it('a plain-HTTP repo server (--disable-tls) is named when the caller expects TLS', async () => {
    const server = await serve(undefined);
    try {
      assert.ok((await call(server.port, { kind: 'plaintext' })) instanceof Map);
      const tls = await call(server.port, { kind: 'tls' });
      assert.ok(tls instanceof Error);
      assert.match(tls.message, /does not speak TLS/);
      assert.match(tls.hint ?? '', /--repo-server-plaintext/);
    } finally {
      await server.close();
    }
  });

  it('counts calls in progress per repository for argocd_repo_pending_request_total', async () => {
    const metrics = new RepoServerMetrics();
    const end = metrics.callStarted('lsRemote', 'https://git.example/a.git');
    assert.match(
      await metrics.render(),
      /argocd_repo_pending_request_total\{repo="https:\/\/git\.example\/a\.git"\} 1/,
    );
    end();
    end();
    assert.match(
      await metrics.render(),
      /argocd_repo_pending_request_total\{repo="https:\/\/git\.example\/a\.git"\} 0/,
    );
    const server = await serve(own, metrics);
    try {
      await call(server.port, { kind: 'tls' });
    } finally {
      await server.close();
    }
    assert.match(
      await metrics.render(),
      /driftless_repo_request_duration_seconds_count\{method="lsRemote"\} 2/,
    );
  });

  describe('the mounted pair', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'driftless-reposrv-tls-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('none mounted: generate; both: serve them; one alone or junk: refuse to start', () => {
      assert.equal(mountedTls(join(dir, 'absent')), undefined);
      writeFileSync(join(dir, 'tls.crt'), own.cert);
      assert.throws(
        () => mountedTls(dir),
        (e: unknown) => e instanceof AbortError && /no partner/.test(e.message),
      );
      writeFileSync(join(dir, 'tls.key'), 'not a key');
      assert.throws(() => mountedTls(dir), /not usable PEM/);
      writeFileSync(join(dir, 'tls.key'), own.key);
      assert.equal(mountedTls(dir)?.cert, own.cert);
    });
  });

  it('callers: plaintext and strict contradict; strict trusts ca.crt, else tls.crt, of argocd-repo-server-tls', () => {
    const base = defaultConfig({ kind: 'in-cluster' }, '/tmp/x');
    assert.throws(
      () => repoServerTransport({ ...base, repoServerPlaintext: true, repoServerStrictTls: true }, () => []),
      /contradict/,
    );
    assert.equal(repoServerTransport(base, () => []).kind, 'tls');
    const secret = (data: Record<string, string>): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'argocd-repo-server-tls', namespace: 'argocd' },
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    });
    let objects = [secret({ 'ca.crt': 'CA', 'tls.crt': 'CERT' })];
    const strict = repoServerTransport({ ...base, repoServerStrictTls: true }, () => objects);
    assert.equal(strict.kind === 'strict-tls' && strict.ca(), 'CA');
    objects = [secret({ 'tls.crt': 'CERT' })];
    assert.equal(strict.kind === 'strict-tls' && strict.ca(), 'CERT');
    objects = [];
    assert.equal(strict.kind === 'strict-tls' && strict.ca(), undefined);
  });
});
