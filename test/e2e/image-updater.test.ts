// The image updater through `driftless server` (runServer): the seed's annotations (semver, allow-tags
// for vX.Y.Z) on an Application whose overlay lives in a private HTTP Git repository; images pushed by
// skopeo into a TLS + htpasswd registry (its CA from argocd-tls-certs-cm, the login from a pull
// secret). Pushing v1.3.0 writes .argocd-source-<app>.yaml (Image Updater's default write-back) in
// exactly one commit by the configured author, ignores `latest` and `v2.0.0-rc1`, and the app rolls out
// the new image (the repo service applies the override file); Image Updater's metrics on /metrics.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeTestCA } from './git-servers.js';
import { randomSuffix } from './support/cluster.js';
import { startController, type RunningController } from './support/controller.js';
import {
  imageDeployment as deployment,
  startImageEnv,
  UPDATER as P,
  syncedWith,
  type ImageEnv,
} from './support/image-env.js';
import { deploymentImage as imageOf, kubectlOk } from './support/kubectl.js';
import { pushImage, skopeoSkipReason } from './support/image-push.js';
import { registrySkipReason, startRegistry, type TestRegistry } from './support/registry.js';
import { ControllerSuite } from './support/suite.js';
import { waitFor } from './support/wait.js';

const skip = registrySkipReason() ?? skopeoSkipReason();
const s = new ControllerSuite('imgupd-e2e');
const user = { username: 'puller', password: `reg-${randomSuffix(10)}` };
let registry: TestRegistry;
let env: ImageEnv;
let ctl: RunningController;

const bareLog = () => env.log();
/** An Application of the served config repository, updated by the image updater through Git. */
const updatedApp = (name: string, path: string, dest: string, annotations: Record<string, string>) =>
  env.app(name, path, dest, { ...annotations, [`${P}write-back-method`]: 'git' });

before(async () => {
  if (skip) return;
  const tls = await makeTestCA();
  registry = await startRegistry([user], tls);
  for (const tag of ['v1.2.0', 'latest', 'v2.0.0-rc1']) await pushImage(registry, user, 'platform/api', tag);
  await pushImage(registry, user, 'platform/batch', 'v1.0.0');
  const image = `${registry.host}/platform/api`;
  for (const name of ['web', 'worker'])
    s.repo.write({
      [`apps/batch/${name}/deployment.yaml`]: deployment(
        `batch-${name}`,
        `${registry.host}/platform/batch:v1.0.0`,
      ),
      [`apps/batch/${name}/kustomization.yaml`]: 'resources:\n  - deployment.yaml\n',
    });
  s.repo.write({
    'apps/platform-api/base/deployment.yaml': deployment('platform-api', `${image}:v1.2.0`),
    'apps/platform-api/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'apps/platform-api/overlays/production/kustomization.yaml': `resources:\n  - ../../base\nimages:\n  - name: ${image}\n    newTag: v1.2.0\n`,
  });
  env = await startImageEnv(s, tls.caCert, { 'git.user': 'Image Bot', 'git.email': 'image-bot@example.com' });
  await env.pullSecret('regcred', { [registry.host]: user });
  ctl = await startController({ namespace: s.NS });
});
after(async () => {
  if (skip) return;
  await s.teardown(ctl);
  await env.close();
  await registry.close();
});

test(
  'the seed annotations: v1.3.0 is written in one commit by the configured author, latest and v2.0.0-rc1 are not; the app rolls out',
  { skip },
  async () => {
    const app = s.app('platform-api');
    const dest = s.destNs('imgupd');
    const image = `${registry.host}/platform/api`;
    await updatedApp(app, 'apps/platform-api/overlays/production', dest, {
      [`${P}image-list`]: `api=${image}`,
      [`${P}api.update-strategy`]: 'semver',
      [`${P}api.allow-tags`]: 'regexp:^v[0-9]+\\.[0-9]+\\.[0-9]+$',
      [`${P}api.pull-secret`]: `pullsecret:${s.NS}/regcred`,
    });
    await syncedWith(s.NS, app, `${image}:v1.2.0`);
    assert.deepEqual(
      bareLog(),
      ['e2e <e2e@example.invalid>|seed'],
      'v1.2.0 is the newest allowed tag: nothing is written',
    );
    await pushImage(registry, user, 'platform/api', 'v1.3.0');
    await waitFor(async () => bareLog().length > 1 || undefined, {
      what: 'the updater to commit v1.3.0',
      timeoutMs: 120_000,
    });
    await waitFor(async () => (await imageOf(dest, 'platform-api')) === `${image}:v1.3.0` || undefined, {
      what: 'the Deployment to run v1.3.0',
      timeoutMs: 180_000,
    });
    await syncedWith(s.NS, app, `${image}:v1.3.0`, 120_000);
    const log = bareLog();
    assert.equal(log.length, 2, log.join('\n'));
    assert.match(log[0] ?? '', /^Image Bot <image-bot@example\.com>\|build: automatic update of /);
    // Image Updater's default write-back: .argocd-source-<app>.yaml beside the overlay, which the repo
    // service applies over the source (the kustomization itself is left as it was).
    const show = (file: string) => env.show(`apps/platform-api/overlays/production/${file}`);
    const overrides = show(`.argocd-source-${app}.yaml`);
    assert.match(
      overrides,
      new RegExp(`kustomize:\\n  images:\\n    - ${image.replace(/\./g, '\\.')}:v1\\.3\\.0\\n`),
      overrides,
    );
    assert.doesNotMatch(overrides, /latest|rc1/);
    assert.match(show('kustomization.yaml'), /newTag: v1\.2\.0/);
    const events = await kubectlOk([
      '-n',
      s.NS,
      'get',
      'events',
      '--field-selector',
      `involvedObject.name=${app}`,
      '-o',
      'jsonpath={.items[*].reason}',
    ]);
    assert.match(events, /ImagesUpdated/);
    for (const secretText of [user.password, env.gitPassword])
      assert.ok(!(await kubectlOk(['-n', s.NS, 'get', 'events', '-o', 'json'])).includes(secretText));
    // Image Updater's metrics on the server's /metrics.
    const metrics = await (await fetch(`${ctl.url}/metrics`)).text();
    assert.ok(
      metrics.includes(`argocd_image_updater_images_updated_total{application="${app}"} 1`),
      metrics
        .split('\n')
        .filter((l) => l.startsWith('argocd_image_updater'))
        .join('\n'),
    );
    assert.match(
      metrics,
      new RegExp(`argocd_image_updater_images_watched_total\\{application="${app}"\\} 1`),
    );
    assert.match(
      metrics,
      new RegExp(
        `argocd_image_updater_registry_requests_total\\{registry="${registry.host.replace(/\./g, '\\.')}"\\} [1-9]`,
      ),
    );
  },
);

test(
  'git.commit-batch: two apps of one repository updated in one pass are one commit naming both, and both roll out',
  { skip },
  async () => {
    await kubectlOk([
      '-n',
      s.NS,
      'patch',
      'configmap',
      'argocd-image-updater-config',
      '--type=merge',
      '-p',
      JSON.stringify({ data: { 'git.commit-batch': 'true' } }),
    ]);
    const image = `${registry.host}/platform/batch`;
    const dest = s.destNs('imgbatch');
    const apps = ['web', 'worker'].map((n) => ({ name: s.app(`batch-${n}`), path: `apps/batch/${n}` }));
    for (const a of apps)
      await updatedApp(a.name, a.path, dest, {
        [`${P}image-list`]: `main=${image}`,
        [`${P}main.pull-secret`]: `pullsecret:${s.NS}/regcred`,
      });
    for (const a of apps) await syncedWith(s.NS, a.name, `${image}:v1.0.0`);
    const before = bareLog().length;
    await pushImage(registry, user, 'platform/batch', 'v1.1.0');
    for (const name of ['batch-web', 'batch-worker'])
      await waitFor(async () => (await imageOf(dest, name)) === `${image}:v1.1.0` || undefined, {
        what: `${name} to run v1.1.0`,
        timeoutMs: 180_000,
      });
    const log = bareLog();
    assert.equal(log.length, before + 1, `one commit for both apps:\n${log.join('\n')}`);
    const subject = log[0] ?? '';
    for (const a of apps) assert.ok(subject.includes(a.name), subject);
    const files = env.git('show', '--name-only', '--format=%b', 'main');
    for (const a of apps) {
      assert.ok(files.includes(`${a.path}/.argocd-source-${a.name}.yaml`), files);
      assert.ok(files.includes(`${a.name}: updates image ${image} tag 'v1.0.0' to 'v1.1.0'`), files);
    }
  },
);
