// The image updater in `driftless server` against registries that push back: a registry with the OCI
// token flow (Debian's docker-registry with `auth: token`, a token server signing JWTs the registry
// verifies against its CA) reached with a pull secret — tokens reused per scope until they expire,
// wrong credentials a warning Event naming the registry and what to do, nothing written; and a
// registry behind a counting proxy — registries.conf's `limit` holds the requests per second, and a
// 429 with Retry-After holds every request to it for that long. The other login forms, an `ext:`
// script and an `env:` variable of the server's process, reach the token registry too.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeTestCA } from './git-servers.js';
import { randomSuffix } from './support/cluster.js';
import { startController, synced, waitForApp, type RunningController } from './support/controller.js';
import {
  imageDeployment,
  startImageEnv,
  UPDATER as P,
  warnings,
  type ImageEnv,
} from './support/image-env.js';
import { pushImage, skopeoSkipReason } from './support/image-push.js';
import { deploymentImage, kubectlOk } from './support/kubectl.js';
import { registrySkipReason, startRegistry, type TestRegistry } from './support/registry.js';
import { peakInWindow, startRegistryProxy, type RegistryProxy } from './support/registry-proxy.js';
import { startTokenServer, type TokenServer } from './support/registry-token.js';
import { ControllerSuite } from './support/suite.js';
import { waitFor } from './support/wait.js';

const skip = registrySkipReason() ?? skopeoSkipReason();
const s = new ControllerSuite('imgreg-e2e');
const user = { username: 'puller', password: `reg-${randomSuffix(10)}` };
const wrong = { username: 'puller', password: `wrong-${randomSuffix(10)}` };
let tokens: TokenServer;
let tokenReg: TestRegistry;
let plainReg: TestRegistry;
let proxy: RegistryProxy;
let env: ImageEnv;
let ctl: RunningController;

const metric = async (line: RegExp) => {
  const m = line.exec(await (await fetch(`${ctl.url}/metrics`)).text());
  return m ? Number(m[1]) : 0;
};

before(async () => {
  if (skip) return;
  const tls = await makeTestCA();
  tokens = await startTokenServer([user], tls);
  tokenReg = await startRegistry([user], tls, { token: tokens });
  plainReg = await startRegistry([user], tls);
  proxy = await startRegistryProxy(plainReg.host, tls);
  await pushImage(tokenReg, user, 'team/web', 'v1.0.0');
  for (const repo of ['rate/a', 'rate/b', 'rate/c'])
    for (const tag of ['t1', 't2', 't3']) await pushImage(plainReg, user, repo, tag);
  s.repo.write({
    'apps/web/deployment.yaml': imageDeployment('web', `${tokenReg.host}/team/web:v1.0.0`),
    'apps/web/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'apps/denied/deployment.yaml': imageDeployment('denied', `${tokenReg.host}/team/web:v1.0.0`),
    'apps/denied/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    ...Object.fromEntries(
      ['ext', 'envcred'].flatMap((n) => [
        [`apps/${n}/deployment.yaml`, imageDeployment(n, `${tokenReg.host}/team/web:v1.0.0`)],
        [`apps/${n}/kustomization.yaml`, 'resources:\n  - deployment.yaml\n'],
      ]),
    ),
    'apps/rate/kustomization.yaml': 'resources:\n  - a.yaml\n  - b.yaml\n  - c.yaml\n',
    ...Object.fromEntries(
      ['a', 'b', 'c'].map((x) => [
        `apps/rate/${x}.yaml`,
        imageDeployment(`rate-${x}`, `${proxy.host}/rate/${x}:t3`),
      ]),
    ),
  });
  env = await startImageEnv(s, tls.caCert, {
    'git.user': 'Image Bot',
    'git.email': 'image-bot@example.com',
    // The proxied registry: its login and at most 2 requests a second (Image Updater's `limit`).
    'registries.conf': `registries:\n- name: proxied\n  prefix: ${proxy.host}\n  credentials: pullsecret:${s.NS}/regcred\n  limit: 2\n`,
  });
  await env.pullSecret('regcred', { [tokenReg.host]: user, [proxy.host]: user });
  await env.pullSecret('wrongcred', { [tokenReg.host]: wrong });
  ctl = await startController({ namespace: s.NS });
});
after(async () => {
  if (skip) return;
  await s.teardown(ctl);
  await env.close();
  await proxy.close();
  await Promise.all([tokenReg.close(), plainReg.close(), tokens.close()]);
});

test(
  'Bearer-token registry: the updater logs in at the realm with the pull secret, updates, and reuses the token until it expires; wrong credentials are a warning naming the registry and what to do, nothing written',
  { skip },
  async () => {
    const app = s.app('web');
    const dest = s.destNs('imgtok');
    const image = `${tokenReg.host}/team/web`;
    const started = Date.now();
    await env.app(app, 'apps/web', dest, {
      [`${P}image-list`]: `web=${image}`,
      [`${P}web.update-strategy`]: 'semver',
      [`${P}web.pull-secret`]: `pullsecret:${s.NS}/regcred`,
      [`${P}write-back-method`]: 'git',
    });
    await waitForApp(s.NS, app, 'synced at v1.0.0', (a) => synced(a), 180_000);
    await pushImage(tokenReg, user, 'team/web', 'v1.1.0');
    await waitFor(async () => (await deploymentImage(dest, 'web')) === `${image}:v1.1.0` || undefined, {
      what: 'the Deployment to run v1.1.0 (written by the updater through the token registry)',
      timeoutMs: 240_000,
    });
    assert.match(env.show(`apps/web/.argocd-source-${app}.yaml`), /team\/web:v1\.1\.0/);
    // Passes every 2 s, each asking the registry; one token per 50 s (60 s lifetime less 10 s) suffices.
    const requests = await metric(
      new RegExp(`argocd_image_updater_registry_requests_total\\{registry="${tokenReg.host}"\\} (\\d+)`),
    );
    const pullTokens = tokens.issued.get('repository:team/web:pull') ?? 0;
    const allowed = 1 + Math.ceil((Date.now() - started) / 50_000);
    assert.ok(
      pullTokens >= 1 && pullTokens <= allowed,
      `${pullTokens} pull tokens in ${Date.now() - started} ms`,
    );
    assert.ok(requests >= 3 * pullTokens, `${requests} registry requests for ${pullTokens} tokens`);

    // The same image with a pull secret whose password the token server refuses.
    const denied = s.app('denied');
    const commits = env.log().length;
    await env.app(denied, 'apps/denied', s.destNs('imgdeny'), {
      [`${P}image-list`]: `web=${image}`,
      [`${P}web.pull-secret`]: `pullsecret:${s.NS}/wrongcred`,
      [`${P}write-back-method`]: 'git',
    });
    const warning = await waitFor(
      async () => (await warnings(s.NS, denied)).find((w) => w.startsWith('RegistryAuth: ')),
      { what: 'a RegistryAuth warning on the app with wrong credentials', timeoutMs: 180_000 },
    );
    assert.ok(warning.includes(`registry ${tokenReg.host}`), warning);
    assert.match(warning, /refused user puller for team\/web \(HTTP 401\)/);
    assert.match(warning, /correct the credentials in the image's pull-secret/);
    // Two more failed passes, and still nothing written.
    const errors = () =>
      metric(new RegExp(`argocd_image_updater_images_errors_total\\{application="${denied}"\\} (\\d+)`));
    const failedOnce = await errors();
    await waitFor(async () => (await errors()) >= failedOnce + 2 || undefined, {
      what: 'two more failed passes',
      timeoutMs: 120_000,
    });
    assert.equal(env.log().length, commits, env.log().join('\n'));
    assert.ok(tokens.refused >= 1);
    const all = await kubectlOk(['-n', s.NS, 'get', 'events', '-o', 'json']);
    for (const secret of [user.password, wrong.password]) assert.ok(!all.includes(secret));
  },
);

test(
  "registries.conf `limit: 2` holds the updater to 2 requests a second at the registry; a 429's Retry-After holds every request to it, and the update still goes through",
  { skip },
  async () => {
    const app = s.app('rate');
    const from = proxy.seen.length;
    // newest-build reads every tag's manifest and config: 3 tag lists + 9 manifests + 9 configs a cold pass.
    await env.app(app, 'apps/rate', s.destNs('imgrate'), {
      [`${P}image-list`]: ['a', 'b', 'c'].map((x) => `${x}=${proxy.host}/rate/${x}`).join(','),
      ...Object.fromEntries(['a', 'b', 'c'].map((x) => [`${P}${x}.update-strategy`, 'newest-build'])),
      [`${P}write-back-method`]: 'git',
    });
    await waitFor(async () => proxy.seen.length - from >= 30 || undefined, {
      what: '30 requests at the registry proxy',
      timeoutMs: 180_000,
    });
    const times = proxy.seen.slice(from).map((r) => r.at);
    // At 2 a second no 5 s hold more than 11; within one second requests released on time can
    // arrive bunched on a loaded machine (4 seen in CI at load 17), so the 1 s bound is 5 — unlimited
    // (20 a second by default) the 21 requests of a pass arrive within about one second.
    assert.ok(peakInWindow(times, 1000) <= 5, `peak ${peakInWindow(times, 1000)} requests in 1 s`);
    assert.ok(peakInWindow(times, 5000) <= 11, `peak ${peakInWindow(times, 5000)} requests in 5 s`);

    // A new build of rate/a, and the next request answered 429 Retry-After: 3.
    await pushImage(plainReg, user, 'rate/a', 't4');
    const commits = env.log().length;
    const at429 = proxy.seen.length;
    proxy.refuseNext(1, 3);
    await waitFor(async () => env.log().length > commits || undefined, {
      what: 'the updater to write rate/a:t4 after the 429',
      timeoutMs: 180_000,
    });
    const refused = proxy.seen[at429];
    assert.equal(refused?.status, 429);
    // Requests already sent when the 429 came back may still arrive just after it; then nothing until
    // Retry-After has passed (at 2 a second, without the hold 3 requests would fall in that gap).
    const gap = proxy.seen
      .slice(at429 + 1)
      .map((r) => r.at - (refused?.at ?? 0))
      .filter((ms) => ms > 1000 && ms < 2900);
    assert.deepEqual(gap, [], 'requests inside the Retry-After (ms after the 429)');
    assert.ok(proxy.seen.slice(at429 + 1).some((r) => r.at - (refused?.at ?? 0) >= 2900));
    assert.match(env.show(`apps/rate/.argocd-source-${app}.yaml`), /rate\/a:t4/);
    assert.ok(
      !(await warnings(s.NS, app)).some((w) => w.startsWith('RegistryRateLimited')),
      'one 429 is retried, not reported',
    );
  },
);

test(
  'pull-secret ext:/script and env:VAR logins reach the token registry; the login is in no Event',
  { skip },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftless-ext-creds-'));
    const script = join(dir, 'creds.sh');
    writeFileSync(script, `#!/bin/sh\necho '${user.username}:${user.password}'\n`);
    chmodSync(script, 0o700);
    // The server runs in this process (runServer): env: reads this process's environment.
    const envVar = `DRIFTLESS_E2E_REGCREDS_${randomSuffix(6).toUpperCase()}`;
    process.env[envVar] = `${user.username}:${user.password}`;
    try {
      const apps = { ext: `ext:${script}`, envcred: `env:${envVar}` };
      for (const [n, login] of Object.entries(apps))
        await env.app(s.app(n), `apps/${n}`, s.destNs(`img${n}`), {
          [`${P}image-list`]: `web=${tokenReg.host}/team/web`,
          [`${P}web.pull-secret`]: login,
          [`${P}write-back-method`]: 'git',
        });
      for (const n of Object.keys(apps))
        await waitFor(
          async () => {
            try {
              return (
                /team\/web:v1\.1\.0/.test(env.show(`apps/${n}/.argocd-source-${s.app(n)}.yaml`)) || undefined
              );
            } catch {
              return undefined;
            }
          },
          { what: `the ${n} app's update through its login`, timeoutMs: 180_000 },
        );
      const events = await kubectlOk(['-n', s.NS, 'get', 'events', '-o', 'json']);
      assert.ok(!events.includes(user.password));
    } finally {
      delete process.env[envVar];
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
