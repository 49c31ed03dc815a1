// Image updater figures: 500 apps × 2 images (semver and newest-build) against a loopback
// docker-registry (TLS + htpasswd, images pushed by skopeo), through the updater and registry client
// the server runs. Prints registry requests per host and per minute at the interval, tag-list calls
// per image repository per pass (goal: one, shared by every app), manifest requests, and the CPU and
// wall time of a pass. Writes go to a counter (no Git). Asserts nothing.
//   APPS=500 REPOS=20 INTERVAL_S=120 node dist/bench/image-updater.js
import { realTimers } from '../src/common/timers.js';
import { silentLogger } from '../src/common/log.js';
import { RegistryClient } from '../src/image/registry-client.js';
import { ImageUpdater } from '../src/image/updater.js';
import type { Application } from '../src/model/index.js';
import { makeTestCA } from '../test/e2e/git-servers.js';
import { pushImage, skopeoSkipReason } from '../test/e2e/support/image-push.js';
import { registrySkipReason, startRegistry } from '../test/e2e/support/registry.js';
import { benchArgs } from './usage.js';

const USAGE = `
Usage: [APPS=500] [REPOS=20] [INTERVAL_S=120] node dist/bench/image-updater.js
The image updater over APPS apps x 2 images in REPOS image repositories of a loopback registry:
registry requests per host and per minute at INTERVAL_S, tag lists per repository per pass,
manifest requests, CPU and wall time of a pass. Asserts nothing.
  -h, --help  this text`;
benchArgs(USAGE, {});

const APPS = Number(process.env['APPS'] ?? 500);
const REPOS = Number(process.env['REPOS'] ?? 20);
const INTERVAL_S = Number(process.env['INTERVAL_S'] ?? 120);
const P = 'argocd-image-updater.argoproj.io/';

function app(i: number, host: string, current: readonly [string, string]): Application {
  const a = `${host}/team/svc-${i % REPOS}`;
  const b = `${host}/team/svc-${(i + 1) % REPOS}`;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `app-${i}`,
      namespace: 'argocd',
      annotations: {
        [`${P}image-list`]: `a=${a}:^1, b=${b}`,
        [`${P}a.update-strategy`]: 'semver',
        [`${P}b.update-strategy`]: 'newest-build',
        [`${P}b.allow-tags`]: 'regexp:^v',
      },
    },
    spec: { project: 'default', destination: {}, source: { repoURL: 'https://git.example.com/config.git' } },
    status: { summary: { images: [`${a}:${current[0]}`, `${b}:${current[1]}`] } },
  } as Application;
}

function delta(after: Map<string, number>, before: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)]));
}

async function pass(
  label: string,
  updater: ImageUpdater,
  client: RegistryClient,
  writes: { n: number },
): Promise<void> {
  const req0 = new Map(client.requests);
  const kinds0 = new Map(client.calls);
  const w0 = writes.n;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await updater.runOnce();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const req = delta(client.requests, req0);
  const calls = delta(client.calls, kinds0);
  const tagCalls = [...calls].filter(([k, v]) => k.startsWith('tags ') && v > 0).map(([, v]) => v);
  const sum = (prefix: string) =>
    [...calls].filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
  console.log(`${label}: ${r.apps} apps, ${r.updated} written (${writes.n - w0} writes), ${r.errors} errors`);
  console.log(
    `  wall ${wall.toFixed(0)} ms, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; registry requests ` +
      [...req]
        .map(
          ([h, n]) => `${h}: ${n} (${((n * 60) / INTERVAL_S).toFixed(1)}/min at a ${INTERVAL_S}s interval)`,
        )
        .join(', '),
  );
  console.log(
    `  tag lists: ${sum('tags ')} for ${REPOS} repositories (max ${Math.max(0, ...tagCalls)} per repository); ` +
      `manifests: ${sum('manifests ')}; config blobs: ${sum('blobs ')}`,
  );
}

async function main(): Promise<void> {
  const skip = registrySkipReason() ?? skopeoSkipReason();
  if (skip) {
    console.log(`image updater bench: skipped (${skip})`);
    return;
  }
  const user = { username: 'bench', password: 'bench-password' };
  const ca = await makeTestCA();
  const registry = await startRegistry([user], ca);
  try {
    const t0 = performance.now();
    for (let r = 0; r < REPOS; r++)
      for (const tag of ['v1.0.0', 'v1.1.0', 'v2.0.0']) await pushImage(registry, user, `team/svc-${r}`, tag);
    console.log(
      `${REPOS} repositories × 3 tags pushed in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${APPS} apps × 2 images`,
    );
    const ttl = INTERVAL_S * 1000 - 500;
    const run = async (current: readonly [string, string], what: string) => {
      const client = new RegistryClient({ timers: realTimers, caFor: () => ca.caCert, tagTtlMs: ttl });
      const apps = Array.from({ length: APPS }, (_, i) => app(i, registry.host, current));
      const writes = { n: 0 };
      const failures = new Map<string, number>();
      const updater = new ImageUpdater({
        registry: client,
        timers: realTimers,
        intervalMs: () => INTERVAL_S * 1000,
        log: {
          ...silentLogger,
          warn: (_m, f) =>
            void failures.set(String(f?.['error']), (failures.get(String(f?.['error'])) ?? 0) + 1),
        },
        ports: {
          apps: () => apps,
          pullCredentials: () => Promise.resolve(user),
          write: () => Promise.resolve(++writes.n > 0),
          event: () => undefined,
        },
      });
      await pass(`${what}, first pass (cold caches)`, updater, client, writes);
      await pass(`${what}, next pass (same interval)`, updater, client, writes);
      for (const [m, n] of [...failures].slice(0, 3)) console.log(`  failure ×${n}: ${m}`);
    };
    await run(['v1.0.0', 'v1.0.0'], 'every app behind (v1.0.0 → v1.1.0 / v2.0.0)');
    await run(['v1.1.0', 'v2.0.0'], 'every app current');
  } finally {
    await registry.close();
  }
}

await main();
