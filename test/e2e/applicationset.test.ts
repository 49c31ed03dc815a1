// ApplicationSets through `driftless server` (runServer): list, git-directory and clusters generators create
// the Applications they describe, the apps sync, and an app whose parameters go away is deleted
// (its resources kept with preserveResourcesOnDeletion).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Application, ApplicationSet } from '../../src/model/index.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { exists, getApp, healthy, startController, synced, waitForApp } from './support/controller.js';
import type { RunningController } from './support/controller.js';
import { kubectl, kubectlJson, kubectlOk } from './support/kubectl.js';
import { type CliRun, cliRunner, loginAdmin } from './support/cli.js';
import { configMap } from './support/manifests.js';
import { ControllerSuite } from './support/suite.js';
import { initialAdminPassword } from './support/server-process.js';

const suite = new ControllerSuite('as');
const { NS, repo, destNs } = suite;
const run = randomSuffix(4);
let running: RunningController;

before(async () => {
  repo
    .write({
      'guestbook/cm.yaml': configMap('guestbook', 'list'),
      'apps/web/overlays/staging/cm.yaml': configMap('web', 'staging'),
      'apps/web/overlays/prod/cm.yaml': configMap('web', 'prod'),
      'apps/api/overlays/staging/cm.yaml': configMap('api', 'staging'),
      'apps/api/base/cm.yaml': configMap('api-base', 'base'),
    })
    .commit('init');
  running = await startController({ namespace: NS });
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'applicationsets.argoproj.io', '--all', '--wait=false']);
  await suite.teardown(running);
});

async function applyAppSet(doc: Record<string, unknown>): Promise<void> {
  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', ...doc }),
  });
}

async function appNames(appSet: string): Promise<string[]> {
  const list = await kubectlJson<{ items: Application[] }>(['-n', NS, 'get', 'applications.argoproj.io']);
  return list.items
    .filter((a) => a.metadata.ownerReferences?.some((r) => r.kind === 'ApplicationSet' && r.name === appSet))
    .filter((a) => !a.metadata.deletionTimestamp)
    .map((a) => a.metadata.name)
    .sort();
}

async function waitForApps(appSet: string, want: string[], timeoutMs = 60_000): Promise<void> {
  let last: string[] = [];
  await waitFor(
    async () => {
      last = await appNames(appSet);
      return JSON.stringify(last) === JSON.stringify([...want].sort());
    },
    {
      what: `ApplicationSet ${appSet} to own exactly ${want.join(', ')} (has ${JSON.stringify(last)})`,
      timeoutMs,
    },
  ).catch(async (e: unknown) => {
    const set = await kubectlJson<ApplicationSet>(['-n', NS, 'get', 'applicationsets.argoproj.io', appSet]);
    throw new Error(`${(e as Error).message}; status: ${JSON.stringify(set.status?.conditions)}`, {
      cause: e,
    });
  });
}

test('list generator (fasttemplate): one app per element, owned by the ApplicationSet, synced and healthy', async () => {
  const dest = destNs('as-list');
  const name = `guestbook-${run}`;
  await applyAppSet({
    metadata: { name, namespace: NS },
    spec: {
      generators: [
        { list: { elements: [{ cluster: 'engineering-dev', url: 'https://kubernetes.default.svc' }] } },
      ],
      template: {
        metadata: { name: `{{cluster}}-${run}` },
        spec: {
          project: 'default',
          source: { repoURL: repo.url, targetRevision: 'HEAD', path: 'guestbook' },
          destination: { server: '{{url}}', namespace: dest },
          syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] },
        },
      },
    },
  });
  const appName = `engineering-dev-${run}`;
  await waitForApps(name, [appName]);
  const app = await waitForApp(NS, appName, 'Synced and Healthy', (a) => synced(a) && healthy(a), 90_000);
  assert.deepEqual(app.metadata.finalizers, ['resources-finalizer.argocd.argoproj.io']);
  assert.equal(app.metadata.ownerReferences?.[0]?.controller, true);
  assert.ok(await exists(['-n', dest, 'configmap', 'guestbook']));
  const set = await waitFor(
    async () => {
      const s = await kubectlJson<ApplicationSet>(['-n', NS, 'get', 'applicationsets.argoproj.io', name]);
      return s.status?.resources?.[0]?.status === 'Synced' ? s : undefined;
    },
    { what: 'status.resources to show the app Synced' },
  );
  assert.deepEqual(
    set.status?.conditions?.map((c) => [c.type, c.status]),
    [
      ['ErrorOccurred', 'False'],
      ['ParametersGenerated', 'True'],
      ['ResourcesUpToDate', 'True'],
    ],
  );
});

test('git directories over apps/*/overlays/* (goTemplate): one app per overlay; a removed overlay removes its app, keeping its resources', async () => {
  const dest = destNs('as-git');
  const name = `overlays-${run}`;
  await applyAppSet({
    metadata: { name, namespace: NS },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      syncPolicy: { preserveResourcesOnDeletion: true },
      generators: [
        {
          git: {
            repoURL: repo.url,
            revision: 'HEAD',
            requeueAfterSeconds: 2,
            directories: [{ path: 'apps/*/overlays/*' }, { path: 'apps/api/overlays/prod', exclude: true }],
          },
        },
      ],
      template: {
        metadata: { name: `{{ index .path.segments 1 }}-{{ .path.basename }}-${run}` },
        spec: {
          project: 'default',
          source: { repoURL: repo.url, targetRevision: 'HEAD', path: '{{ .path.path }}' },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: `${dest}-{{ .path.basename | trunc 4 }}`,
          },
          syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
        },
      },
    },
  });
  const apps = [`api-staging-${run}`, `web-prod-${run}`, `web-staging-${run}`];
  await waitForApps(name, apps);
  for (const a of apps) await waitForApp(NS, a, 'Synced and Healthy', (x) => synced(x) && healthy(x), 90_000);
  const webProd = await getApp(NS, `web-prod-${run}`);
  assert.equal(webProd.spec.destination.namespace, `${dest}-prod`);
  assert.equal(
    webProd.metadata.finalizers,
    undefined,
    'preserveResourcesOnDeletion adds no resources finalizer',
  );

  repo.remove('apps/web/overlays/prod').commit('drop web prod');
  await waitForApps(name, [`api-staging-${run}`, `web-staging-${run}`], 90_000);
  await waitFor(async () => !(await exists(['-n', NS, 'applications.argoproj.io', `web-prod-${run}`])), {
    what: 'the web-prod app to be gone',
  });
  assert.ok(await exists(['-n', `${dest}-prod`, 'configmap', 'web']), 'its resources are kept');
  await kubectl(['delete', 'namespace', `${dest}-prod`, `${dest}-stag`, '--wait=false']);
});

test('clusters generator: in-cluster without a selector; labelled cluster Secrets by selector, the app goes when the label does', async () => {
  const dest = destNs('as-cl');
  const secret = `cluster-prod-${run}`;
  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: secret,
        namespace: NS,
        labels: { 'argocd.argoproj.io/secret-type': 'cluster', env: 'production' },
      },
      stringData: { name: `prod-${run}`, server: 'https://prod.invalid:6443', config: '{}' },
    }),
  });
  const template = (nameTpl: string) => ({
    metadata: { name: nameTpl },
    spec: {
      project: 'default',
      source: { repoURL: repo.url, targetRevision: 'HEAD', path: 'guestbook' },
      destination: { server: '{{server}}', namespace: dest },
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    },
  });
  await applyAppSet({
    metadata: { name: `all-clusters-${run}`, namespace: NS },
    spec: { generators: [{ clusters: {} }], template: template(`{{name}}-all-${run}`) },
  });
  await applyAppSet({
    metadata: { name: `prod-clusters-${run}`, namespace: NS },
    spec: {
      generators: [
        { clusters: { selector: { matchLabels: { env: 'production' } }, values: { tier: '{{name}}-x' } } },
      ],
      template: {
        ...template(`{{name}}-platform-api`),
        metadata: { name: '{{name}}-platform-api', labels: { tier: '{{values.tier}}' } },
      },
    },
  });
  await waitForApps(`all-clusters-${run}`, [`in-cluster-all-${run}`, `prod-${run}-all-${run}`]);
  await waitForApps(`prod-clusters-${run}`, [`prod-${run}-platform-api`]);
  const prod = await getApp(NS, `prod-${run}-platform-api`);
  assert.equal(prod.spec.destination.server, 'https://prod.invalid:6443');
  assert.equal(prod.metadata.labels?.['tier'], `prod-${run}-x`);

  await kubectlOk(['-n', NS, 'label', 'secret', secret, 'env-']);
  await waitForApps(`prod-clusters-${run}`, []);
  await kubectlOk(['-n', NS, 'delete', 'secret', secret]);
  await waitForApps(`all-clusters-${run}`, [`in-cluster-all-${run}`]);
});

test('CLI: appset generate (dry run), create, list, get, delete', async () => {
  const xdg = mkdtempSync(join(tmpdir(), 'driftless-e2e-appset-cli-'));
  const cli = cliRunner(xdg);
  const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
  await loginAdmin(cli, running.url, await initialAdminPassword(NS), '--name', 'e2e');
  const dest = destNs('as-cli');
  const name = `cli-${run}`;
  const file = join(xdg, 'appset.yaml');
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name },
      spec: {
        goTemplate: true,
        generators: [{ list: { elements: [{ env: 'dev' }, { env: 'qa' }] } }],
        template: {
          metadata: { name: `cli-{{ .env }}-${run}` },
          spec: {
            project: 'default',
            source: { repoURL: repo.url, targetRevision: 'HEAD', path: 'guestbook' },
            destination: { server: 'https://kubernetes.default.svc', namespace: `${dest}-{{ .env }}` },
          },
        },
      },
    }),
  );
  const gen = await cli(['appset', 'generate', file]);
  assert.equal(gen.code, 0, show(gen));
  assert.match(
    gen.stdout,
    new RegExp(`cli-dev-${run}\\s+default\\s+https://kubernetes.default.svc\\s+${dest}-dev`),
  );
  assert.match(gen.stdout, new RegExp(`cli-qa-${run}`));
  assert.deepEqual(await appNames(name), [], 'generate writes nothing');

  const created = await cli(['appset', 'create', file]);
  assert.equal(created.code, 0, show(created));
  await waitForApps(name, [`cli-dev-${run}`, `cli-qa-${run}`]);
  const listed = await cli(['appset', 'list', '-o', 'name']);
  assert.match(listed.stdout, new RegExp(`^${name}$`, 'm'), show(listed));
  const got = await waitFor(
    async () => {
      const r = await cli(['appset', 'get', name]);
      return r.code === 0 && r.stdout.includes(`cli-qa-${run}`) && /\s2\s+False/.test(r.stdout)
        ? r
        : undefined;
    },
    { what: 'appset get to show 2 applications and no error' },
  );
  assert.match(got.stdout, new RegExp(`cli-dev-${run}`));
  const again = await cli(['appset', 'create', file]);
  assert.notEqual(again.code, 0, 'an existing ApplicationSet needs --upsert');
  assert.match(again.stderr, /already exists/);

  const bad = await cli(['appset', 'generate', '-'], { input: 'kind: ConfigMap\n' });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /expected kind ApplicationSet/);
  assert.doesNotMatch(bad.stderr, /at .*\.js:\d+/, 'no stack trace');

  const deleted = await cli(['appset', 'delete', name]);
  assert.equal(deleted.code, 0, show(deleted));
  await waitFor(async () => (await appNames(name)).length === 0, {
    what: 'the owned apps to go with the ApplicationSet',
    timeoutMs: 90_000,
  });
});
