// An OCI registry for tests: Debian's `docker-registry` (the CNCF distribution) on loopback with TLS
// and htpasswd users (or the token flow of a support/registry-token.ts server), and charts pushed into
// it with the real `helm push`. Reusable by any test that needs a registry (Helm OCI charts, image updates).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import bcrypt from 'bcryptjs';
import { exec } from '../../../src/common/exec.js';
import { toolCommand } from '../../../src/render/testing/tool-available.js';
import type { TokenServer } from './registry-token.js';
import { waitFor } from './wait.js';

export const REGISTRY_BIN = ['/usr/bin/docker-registry', '/usr/bin/registry'].find((p) => existsSync(p));

/** Why registry tests cannot run here (the package is missing), or undefined. */
export function registrySkipReason(): string | undefined {
  return REGISTRY_BIN ? undefined : 'docker-registry is not installed (apt-get install -y docker-registry)';
}

export interface RegistryUser {
  username: string;
  password: string;
}

export interface TestRegistry {
  /** `127.0.0.1:PORT`: what an OCI reference starts with. */
  host: string;
  /** The PEM CA that signed the registry's certificate. */
  caCert: string;
  /** `helm package` the chart folder and `helm push` it to oci://HOST/<repo> as `user`. */
  pushChart(chartDir: string, repo: string, user?: RegistryUser): Promise<void>;
  /** Writes chart `name` at `version` with `files` (path in the chart → content) and pushes it to oci://HOST/<repo>. */
  publishChart(repo: string, name: string, version: string, files: Record<string, string>): Promise<void>;
  /** The registry's answer to GET /v2/<name>/tags/list as `user` (what a client sees). */
  tags(name: string, user?: RegistryUser): Promise<string[]>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

function get(url: string, caCert: string, user?: RegistryUser): Promise<{ status: number; body: string }> {
  const auth = user ? Buffer.from(`${user.username}:${user.password}`).toString('base64') : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { ca: caCert, headers: auth ? { authorization: `Basic ${auth}` } : {} },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Starts a registry serving HTTPS on 127.0.0.1 with `tls` (a certificate for 127.0.0.1 signed by
 * `tls.caCert`), accepting only `users` — by htpasswd, or with `token` through that token server's
 * JWTs (verified against `tls.caCert`). Its storage is a temporary folder removed at close.
 */
export async function startRegistry(
  users: readonly RegistryUser[],
  tls: { caCert: string; cert: string; key: string },
  opts: { token?: TokenServer } = {},
): Promise<TestRegistry> {
  if (!REGISTRY_BIN) throw new Error(registrySkipReason());
  const dir = await mkdtemp(join(tmpdir(), 'driftless-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  await writeFile(join(dir, 'srv.crt'), tls.cert);
  await writeFile(join(dir, 'srv.key'), tls.key, { mode: 0o600 });
  await writeFile(join(dir, 'ca.crt'), tls.caCert);
  const lines = await Promise.all(
    users.map(async (u) => `${u.username}:${await bcrypt.hash(u.password, 8)}`),
  );
  await writeFile(join(dir, 'htpasswd'), `${lines.join('\n')}\n`);
  await mkdir(join(dir, 'data'));
  await writeFile(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: {level: error, accesslog: {disabled: true}}',
      `storage: {filesystem: {rootdirectory: ${join(dir, 'data')}}, delete: {enabled: true}}`,
      `http: {addr: "${host}", secret: "${Math.random().toString(36).slice(2)}", tls: {certificate: ${join(dir, 'srv.crt')}, key: ${join(dir, 'srv.key')}}}`,
      opts.token
        ? `auth: {token: {realm: "${opts.token.realm}", service: ${opts.token.service}, issuer: ${opts.token.issuer}, rootcertbundle: ${join(dir, 'ca.crt')}}}`
        : `auth: {htpasswd: {realm: driftless-test, path: ${join(dir, 'htpasswd')}}}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // Without credentials the registry answers 401: it is up.
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`);
        return (await get(`https://${host}/v2/`, tls.caCert).catch(() => ({ status: 0 }))).status === 401;
      },
      { what: `docker-registry on ${host}`, timeoutMs: 20_000, intervalMs: 100 },
    );
  } catch (e) {
    await stop();
    throw e;
  }
  const helm = toolCommand('helm');
  const defaultUser = users[0];
  const registry: TestRegistry = {
    host,
    caCert: tls.caCert,
    async pushChart(chartDir, repo, user = defaultUser) {
      if (!user) throw new Error('the registry has no users to push as');
      const work = await mkdtemp(join(tmpdir(), 'driftless-push-'));
      const env = {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: work,
        HELM_CONFIG_HOME: join(work, 'config'),
        HELM_CACHE_HOME: join(work, 'cache'),
        HELM_DATA_HOME: join(work, 'data'),
        HELM_REGISTRY_CONFIG: join(work, 'registry.json'),
      };
      const run = async (args: string[], input?: string) => {
        const r = await exec(helm, args, {
          env,
          cleanEnv: true,
          timeoutMs: 60_000,
          ...(input !== undefined ? { input } : {}),
        });
        if (r.exitCode !== 0) throw new Error(`helm ${args[0] ?? ''} failed: ${r.stderr}`);
        return r.stdout;
      };
      try {
        const ca = ['--ca-file', join(dir, 'ca.crt')];
        await run(
          ['registry', 'login', host, '--username', user.username, '--password-stdin', ...ca],
          user.password,
        );
        const out = await run(['package', chartDir, '--destination', work]);
        const tgz = /saved it to: (.+\.tgz)/.exec(out)?.[1];
        if (!tgz) throw new Error(`helm package printed no archive: ${out}`);
        await run(['push', tgz.trim(), `oci://${host}/${repo}`, ...ca]);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
    async publishChart(repo, name, version, files) {
      const root = await mkdtemp(join(tmpdir(), 'driftless-chart-'));
      try {
        const chart = join(root, name);
        const all = { 'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: ${version}\n`, ...files };
        for (const [path, content] of Object.entries(all)) {
          await mkdir(dirname(join(chart, path)), { recursive: true });
          await writeFile(join(chart, path), content);
        }
        await registry.pushChart(chart, repo);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
    async tags(name, user = defaultUser) {
      const res = await get(`https://${host}/v2/${name}/tags/list`, tls.caCert, user);
      if (res.status !== 200) throw new Error(`tags of ${name}: HTTP ${res.status} ${res.body}`);
      return ((JSON.parse(res.body) as { tags?: string[] }).tags ?? []).sort();
    },
    close: stop,
  };
  return registry;
}
