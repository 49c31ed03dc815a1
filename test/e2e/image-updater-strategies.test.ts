// The image updater's other strategies and write-back through `driftless server` (runServer), images
// pushed by skopeo into a TLS + htpasswd registry: alphabetical moves to the last allowed tag by name;
// digest follows a moving tag — re-pushed with new content, the app is pinned to the new digest; and
// `write-back-method: argocd` writes the new image as a kustomize override on the Application (not
// Git), the app rolls out, and the repository is left untouched; a Helm chart's values file as the
// write-back target (helm.image-name/image-tag keys) keeps its comments and the chart rolls out;
// `git-branch: main:image-updates/{{.AppName}}` commits to that branch from main, leaving main alone;
// a new tag that lacks the app's `platforms` is a PlatformMissing warning and nothing is written.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Application } from '../../src/model/index.js';
import { makeTestCA } from './git-servers.js';
import { randomSuffix } from './support/cluster.js';
import { getApp, startController, synced, waitForApp, type RunningController } from './support/controller.js';
import {
  imageDeployment,
  startImageEnv,
  UPDATER as P,
  syncedWith,
  warnings,
  type ImageEnv,
} from './support/image-env.js';
import { pushImage, skopeoSkipReason } from './support/image-push.js';
import { deploymentImage } from './support/kubectl.js';
import { registrySkipReason, startRegistry, type TestRegistry } from './support/registry.js';
import { ControllerSuite } from './support/suite.js';
import { waitFor } from './support/wait.js';

const skip = registrySkipReason() ?? skopeoSkipReason();
const s = new ControllerSuite('imgstrat-e2e');
const user = { username: 'puller', password: `reg-${randomSuffix(10)}` };
let registry: TestRegistry;
let env: ImageEnv;
let ctl: RunningController;
let firstDigest = '';

const runs = (ns: string, name: string, want: (image: string) => boolean, what: string) =>
  waitFor(async () => want(await deploymentImage(ns, name)) || undefined, { what, timeoutMs: 240_000 });
const kustomizeApp = (name: string, image: string) => ({
  [`apps/${name}/deployment.yaml`]: imageDeployment(name, image),
  [`apps/${name}/kustomization.yaml`]: 'resources:\n  - deployment.yaml\n',
});

before(async () => {
  if (skip) return;
  const tls = await makeTestCA();
  registry = await startRegistry([user], tls);
  for (const tag of ['release-a', 'release-b', 'zz-nightly'])
    await pushImage(registry, user, 'lab/alpha', tag);
  firstDigest = await pushImage(registry, user, 'lab/moving', 'stable');
  await pushImage(registry, user, 'lab/argo', 'v1.0.0');
  await pushImage(registry, user, 'lab/chart', 'v1.0.0');
  await pushImage(registry, user, 'lab/branch', 'v1.0.0');
  await pushImage(registry, user, 'lab/plat', 'v1.0.0');
  s.repo.write({
    ...kustomizeApp('alpha', `${registry.host}/lab/alpha:release-a`),
    ...kustomizeApp('moving', `${registry.host}/lab/moving:stable`),
    ...kustomizeApp('argo', `${registry.host}/lab/argo:v1.0.0`),
    ...kustomizeApp('branch', `${registry.host}/lab/branch:v1.0.0`),
    ...kustomizeApp('plat', `${registry.host}/lab/plat:v1.0.0`),
    'apps/chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
    'apps/chart/values.yaml': `# the web image\nweb:\n  image:\n    repository: ${registry.host}/lab/chart\n    tag: v1.0.0 # moved by the updater\n`,
    'apps/chart/templates/deployment.yaml': imageDeployment(
      'chart',
      '{{ .Values.web.image.repository }}:{{ .Values.web.image.tag }}',
    ),
  });
  env = await startImageEnv(s, tls.caCert, {
    'registries.conf': `registries:\n- prefix: ${registry.host}\n  credentials: pullsecret:${s.NS}/regcred\n`,
  });
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
  'alphabetical: the last allowed tag by name is written (release-b, then a pushed release-c), never a tag allow-tags excludes',
  { skip },
  async () => {
    const app = s.app('alpha');
    const dest = s.destNs('imgalpha');
    const image = `${registry.host}/lab/alpha`;
    await env.app(app, 'apps/alpha', dest, {
      [`${P}image-list`]: `alpha=${image}`,
      [`${P}alpha.update-strategy`]: 'alphabetical',
      [`${P}alpha.allow-tags`]: 'regexp:^release-',
      [`${P}write-back-method`]: 'git',
    });
    await runs(dest, 'alpha', (i) => i === `${image}:release-b`, 'alpha to run release-b');
    await pushImage(registry, user, 'lab/alpha', 'release-c');
    await runs(dest, 'alpha', (i) => i === `${image}:release-c`, 'alpha to run release-c');
    const file = env.show(`apps/alpha/.argocd-source-${app}.yaml`);
    assert.match(file, /lab\/alpha:release-c/);
    assert.doesNotMatch(file, /zz-nightly/);
  },
);

test(
  'digest: a moving tag is pinned by its digest, and re-pushed with new content the app is pinned to the new digest',
  { skip },
  async () => {
    const app = s.app('moving');
    const dest = s.destNs('imgdigest');
    const image = `${registry.host}/lab/moving`;
    await env.app(app, 'apps/moving', dest, {
      [`${P}image-list`]: `m=${image}:stable`,
      [`${P}m.update-strategy`]: 'digest',
      [`${P}write-back-method`]: 'git',
    });
    await runs(
      dest,
      'moving',
      (i) => i.startsWith(image) && i.endsWith(`@${firstDigest}`),
      `moving pinned to ${firstDigest}`,
    );
    const second = await pushImage(registry, user, 'lab/moving', 'stable');
    assert.notEqual(second, firstDigest);
    await runs(dest, 'moving', (i) => i.endsWith(`@${second}`), `moving pinned to the re-pushed ${second}`);
    const file = env.show(`apps/moving/.argocd-source-${app}.yaml`);
    assert.ok(file.includes(second) && !file.includes(firstDigest), file);
    await waitForApp(s.NS, app, 'synced at the new digest', (a) => synced(a), 120_000);
  },
);

test(
  'write-back-method argocd: the new tag is a kustomize image override on the Application, the app rolls out, Git is untouched',
  { skip },
  async () => {
    const app = s.app('argo');
    const dest = s.destNs('imgargo');
    const image = `${registry.host}/lab/argo`;
    await env.app(app, 'apps/argo', dest, {
      [`${P}image-list`]: `argo=${image}`,
      [`${P}argo.update-strategy`]: 'semver',
      [`${P}write-back-method`]: 'argocd',
    });
    await syncedWith(s.NS, app, `${image}:v1.0.0`);
    const head = env.log();
    await pushImage(registry, user, 'lab/argo', 'v1.1.0');
    await runs(dest, 'argo', (i) => i === `${image}:v1.1.0`, 'argo to run v1.1.0');
    const written: Application = await getApp(s.NS, app);
    assert.deepEqual(written.spec.source?.kustomize?.images, [`${image}:v1.1.0`]);
    assert.deepEqual(env.log(), head, 'no commit');
    assert.throws(() => env.show(`apps/argo/.argocd-source-${app}.yaml`), 'no override file in Git');
    await syncedWith(s.NS, app, `${image}:v1.1.0`, 120_000);
  },
);

test(
  "write-back-target helmvalues: the helm.image-name/image-tag keys of the chart's values.yaml are written (comments kept) and the chart rolls out",
  { skip },
  async () => {
    const app = s.app('chart');
    const dest = s.destNs('imghelm');
    const image = `${registry.host}/lab/chart`;
    await env.app(app, 'apps/chart', dest, {
      [`${P}image-list`]: `c=${image}`,
      [`${P}c.helm.image-name`]: 'web.image.repository',
      [`${P}c.helm.image-tag`]: 'web.image.tag',
      [`${P}write-back-method`]: 'git',
      [`${P}write-back-target`]: 'helmvalues:values.yaml',
    });
    await syncedWith(s.NS, app, `${image}:v1.0.0`);
    await pushImage(registry, user, 'lab/chart', 'v1.1.0');
    await runs(dest, 'chart', (i) => i === `${image}:v1.1.0`, 'the chart to run v1.1.0');
    assert.equal(
      env.show('apps/chart/values.yaml'),
      `# the web image\nweb:\n  image:\n    repository: ${image}\n    tag: v1.1.0 # moved by the updater\n`,
    );
    assert.throws(
      () => env.show(`apps/chart/.argocd-source-${app}.yaml`),
      'the target, not the default file',
    );
  },
);

test(
  'git-branch base:target: the update is committed to the templated branch, started from main; main is left alone',
  { skip },
  async () => {
    const app = s.app('branch');
    const image = `${registry.host}/lab/branch`;
    await env.app(app, 'apps/branch', s.destNs('imgbranch'), {
      [`${P}image-list`]: `b=${image}`,
      [`${P}write-back-method`]: 'git',
      [`${P}git-branch`]: 'main:image-updates/{{.AppName}}',
    });
    await syncedWith(s.NS, app, `${image}:v1.0.0`);
    const main = env.git('rev-parse', 'main').trim();
    await pushImage(registry, user, 'lab/branch', 'v1.1.0');
    const branch = `image-updates/${app}`;
    await waitFor(async () => env.git('branch', '--list', branch).trim() !== '' || undefined, {
      what: `the updater to push ${branch}`,
      timeoutMs: 120_000,
    });
    assert.equal(env.git('rev-parse', `${branch}^`).trim(), main, 'the branch starts from main');
    assert.match(env.git('show', `${branch}:apps/branch/.argocd-source-${app}.yaml`), /lab\/branch:v1\.1\.0/);
    assert.equal(env.git('rev-parse', 'main').trim(), main, 'main is left alone');
  },
);

test(
  'platforms: a new tag built only for linux/amd64 is not written for an app wanting linux/arm64 — a PlatformMissing warning says what to do',
  { skip },
  async () => {
    const app = s.app('plat');
    const image = `${registry.host}/lab/plat`;
    await env.app(app, 'apps/plat', s.destNs('imgplat'), {
      [`${P}image-list`]: `p=${image}`,
      [`${P}p.platforms`]: 'linux/arm64',
      [`${P}write-back-method`]: 'git',
    });
    await syncedWith(s.NS, app, `${image}:v1.0.0`);
    const log = env.log();
    await pushImage(registry, user, 'lab/plat', 'v1.1.0');
    const warning = await waitFor(
      async () => (await warnings(s.NS, app)).find((w) => w.startsWith('PlatformMissing: ')),
      { what: 'a PlatformMissing warning', timeoutMs: 120_000 },
    );
    assert.match(
      warning,
      /lab\/plat:v1\.1\.0 does not exist for linux\/arm64 \(it has linux\/amd64\); nothing written/,
    );
    assert.match(warning, /push the image for that platform/);
    assert.deepEqual(env.log(), log, 'nothing written');
    assert.throws(() => env.show(`apps/plat/.argocd-source-${app}.yaml`));
  },
);
