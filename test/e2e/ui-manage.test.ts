// Managing Driftless from the web UI, in real Chromium against the real server on the e2e control plane: resource
// details (live, desired, diff modes, sync wave, owner and children), a restart seen in the details, a project with
// a role whose token then works against the API, a Helm app with a values file created from the form, a repository
// connected, tested and removed, a credential template, a cluster registered and removed. Screenshots of each page at 1400×900 in light and dark themes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApi, type RunningApi } from './api-support.js';
import { browserSkipReason, screenshot, signedInBrowser, UI_DIST } from './support/browser.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { applicationYaml, healthy, synced, waitForApp } from './support/controller.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';

const NS = `driftless-e2e-uim-${randomSuffix()}`;
// Run-unique names: tracking ids name the app, and other files deploy apps and projects too.
const APP = `manage-${randomSuffix(4)}`;
const HELM_APP = `helm-${randomSuffix(4)}`;
const PROJ = `team-${randomSuffix(4)}`;
const DEST = `e2e-uim-${randomSuffix()}`;
const HELM_DEST = `e2e-uimh-${randomSuffix()}`;
const LONG = `a-long-annotation-value-${'x'.repeat(180)}`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    argocd.argoproj.io/sync-wave: "1"
    example.com/note: ${LONG}
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx:1.27
`;

describe('managing Driftless from the web UI', { skip: browserSkipReason() }, () => {
  let repo: TestRepo;
  let other: TestRepo;
  let running: RunningApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let roleToken = '';

  const shots = async (name: string) => {
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
      await screenshot(page, `manage-${name}-${theme}`);
    }
    await page.evaluate(`document.documentElement.dataset.theme = 'light'`);
  };
  const panelOf = (label: string | RegExp) => page.getByRole('complementary', { name: label });
  const asRole = (path: string) =>
    fetch(`${running.url}${path}`, { headers: { Authorization: `Bearer ${roleToken}` } });

  before(async () => {
    repo = new TestRepo();
    repo.write({
      'web/deployment.yaml': deployment,
      'chart/Chart.yaml': 'apiVersion: v2\nname: greeter\nversion: 0.1.0\n',
      'chart/values.yaml': 'greeting: from-defaults\n',
      'chart/values-prod.yaml': 'greeting: from-values-file\n',
      'chart/templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: greeter\ndata:\n  greeting: {{ .Values.greeting }}\n',
    });
    repo.commit('a web Deployment and a chart');
    other = new TestRepo();
    other.write({ 'README.md': 'another repository\n' });
    other.commit('first');
    running = await startApi({ namespace: NS, uiDir: UI_DIST });
    await kubectlOk(['apply', '-f', '-'], {
      input: applicationYaml({
        name: APP,
        namespace: NS,
        repoURL: repo.url,
        path: 'web',
        destNamespace: DEST,
      }),
    });
    const token = await running.admin.login('admin', running.adminPassword);
    await running.admin.syncApplication(APP);
    await waitForApp(NS, APP, 'synced and healthy', (a) => synced(a) && healthy(a), 120_000);
    ({ browser, context, page } = await signedInBrowser(running.url, token));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await running?.stop();
    await kubectl(['delete', 'namespace', DEST, HELM_DEST, '--wait=false']);
    repo?.cleanup();
    other?.cleanup();
  });

  it('shows a resource’s live and desired manifests, its diff in every mode, sync wave, owner and children', async () => {
    await kubectlOk(['-n', DEST, 'scale', 'deployment', 'web', '--replicas=2']);
    await waitForApp(NS, APP, 'OutOfSync after the scale', (a) => a.status?.sync?.status === 'OutOfSync');
    await page.goto(`${running.url}/applications/${APP}`);
    await page.getByRole('heading', { name: APP, level: 1 }).waitFor();
    await page.getByRole('button', { name: /^Deployment web,.*OutOfSync/ }).click();
    const panel = panelOf('Deployment web');
    // A drifted resource opens on its diff.
    const unified = panel.getByRole('table', { name: /Unified diff/ });
    await unified.waitFor();
    assert.match(
      (await unified.textContent()) ?? '',
      /replicas: 2[\s\S]*replicas: 1|replicas: 1[\s\S]*replicas: 2/,
    );
    assert.ok((await panel.locator('.dl-skip').count()) > 0, 'compact folds unchanged blocks');
    await panel.getByLabel('Compact').uncheck();
    await waitFor(async () => (await panel.locator('.dl-skip').count()) === 0, { what: 'every line shown' });
    // Wrapped: the long annotation line is not wider than the panel.
    const line = panel.locator('.dl code', { hasText: 'a-long-annotation-value' }).first();
    const box = await line.boundingBox();
    const panelBox = await panel.boundingBox();
    assert.ok(box && panelBox && box.width <= panelBox.width, 'long lines wrap inside the panel');
    await shots('resource-diff-unified');
    await panel.getByRole('button', { name: 'Side by side' }).click();
    await panel.getByRole('table', { name: /Side-by-side diff/ }).waitFor();
    await panel.getByLabel('Compact').check();
    await shots('resource-diff-split');

    await panel.getByRole('tab', { name: 'Live manifest' }).click();
    await panel.getByText('replicas: 2').waitFor();
    await panel.getByRole('tab', { name: 'Desired manifest' }).click();
    await panel.getByText('replicas: 1').waitFor();
    await panel.getByRole('tab', { name: 'Summary' }).click();
    const facts = panel.locator('dl.facts');
    await facts.getByText('Sync wave').waitFor();
    assert.match((await facts.textContent()) ?? '', /Sync wave\s*1/);
    await shots('resource-summary');
    // Its ReplicaSet, and back to its owner.
    await panel
      .getByRole('button', { name: /ReplicaSet web-/ })
      .first()
      .click();
    const rs = panelOf(/^ReplicaSet web-/);
    await rs.getByText('Owned by', { exact: true }).waitFor();
    await rs.getByRole('button', { name: 'Deployment web' }).click();
    // A drifted resource opens on its diff again; its summary lists what it owns.
    await panelOf('Deployment web').getByRole('tab', { name: 'Summary' }).click();
    await panelOf('Deployment web').getByText('Sync wave').waitFor();
  });

  it('restarts the Deployment from its menu; its details list the new ReplicaSet', async () => {
    const panel = panelOf('Deployment web');
    await panel.getByRole('button', { name: 'Actions ▾' }).click();
    await panel.getByRole('menuitem', { name: 'restart' }).click();
    await panel.getByRole('status').filter({ hasText: 'ran on Deployment web' }).waitFor();
    await waitFor(async () => (await panel.getByRole('button', { name: /ReplicaSet web-/ }).count()) === 2, {
      what: 'two ReplicaSets under Owns in the details',
      timeoutMs: 60_000,
    });
  });

  it('creates a project with a role and a token; the token reads the project’s apps only', async () => {
    await page.goto(`${running.url}/settings/projects`);
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByLabel('Project name').fill(PROJ);
    await page.getByLabel('Description').fill('made in the UI');
    await page.getByLabel('Source repositories').fill('*');
    await page.getByLabel('Destinations').fill('https://kubernetes.default.svc *');
    await page.getByLabel('Namespaced kinds denied').fill('networking.k8s.io/NetworkPolicy');
    await page.getByRole('button', { name: 'Add role' }).click();
    await page.getByLabel('Role name').fill('reader');
    await page
      .getByLabel('Policies (one a line)')
      .fill(`p, proj:${PROJ}:reader, applications, get, ${PROJ}/*, allow`);
    await page.getByRole('button', { name: 'Add sync window' }).click();
    // A deny window that is never open now (New Year's midnight, one minute): syncs below still run.
    await page.getByLabel('Kind', { exact: true }).selectOption('deny');
    await page.getByLabel('Schedule (cron)').fill('0 0 1 1 *');
    await page.getByLabel('Duration').fill('1m');
    await shots('project-new');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: `Project ${PROJ}` }).waitFor();
    const saved = await running.admin.getProject(PROJ);
    assert.deepEqual(saved.spec.namespaceResourceBlacklist, [
      { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
    ]);
    assert.deepEqual(saved.spec.syncWindows, [
      { kind: 'deny', schedule: '0 0 1 1 *', duration: '1m', applications: ['*'] },
    ]);
    await page.getByRole('button', { name: 'Create token' }).click();
    const tokenField = page.getByLabel(/New token of reader/);
    await tokenField.waitFor();
    roleToken = await tokenField.inputValue();
    assert.match(roleToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    await page.getByRole('list', { name: 'Tokens of role reader' }).getByRole('listitem').waitFor();
    await shots('project-edit');
    // The role may get this project's apps, nothing in another project.
    assert.equal((await asRole(`/api/v1/applications/${APP}`)).status, 403);
    const list = await asRole(`/api/v1/applications?projects=${PROJ}`);
    assert.equal(list.status, 200);
  });

  it('creates a Helm app with a values file from the form (and shows it as YAML)', async () => {
    await page.goto(`${running.url}/applications/new`);
    await page.getByLabel('Application name').fill(HELM_APP);
    await page.getByLabel('Project').selectOption(PROJ);
    await page.getByLabel('Repository URL').fill(repo.url);
    await page.getByLabel('Path').fill('chart');
    await waitFor(async () => (await page.getByLabel('Source type options').inputValue()) === 'Helm', {
      what: 'the Helm options for the detected chart',
      timeoutMs: 30_000,
    });
    await page.getByLabel('Value files').fill('values-prod.yaml');
    await page.getByLabel('Release name').fill('greeter');
    await page.getByLabel('Namespace', { exact: true }).fill(HELM_DEST);
    await shots('create-helm-app');
    await page.getByRole('button', { name: 'Edit as YAML' }).click();
    const yaml = page.getByLabel('Application YAML');
    assert.match(await yaml.inputValue(), /valueFiles:\n\s+- values-prod\.yaml/);
    await shots('create-app-yaml');
    await page.getByRole('button', { name: 'Back to the form' }).click();
    assert.equal(await page.getByLabel('Value files').inputValue(), 'values-prod.yaml');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: HELM_APP, level: 1 }).waitFor();
    await running.admin.syncApplication(HELM_APP);
    await waitFor(
      async () => {
        const r = await kubectl([
          '-n',
          HELM_DEST,
          'get',
          'configmap',
          'greeter',
          '-o',
          'jsonpath={.data.greeting}',
        ]);
        return r.code === 0 && r.stdout === 'from-values-file';
      },
      { what: 'the ConfigMap rendered with the values file', timeoutMs: 90_000 },
    );
    // The project role's token reads the new app of its project.
    assert.equal((await asRole(`/api/v1/applications/${HELM_APP}`)).status, 200);
    await page.getByRole('tab', { name: 'Details' }).click();
    await page.getByLabel('Value files').waitFor();
    assert.equal(await page.getByLabel('Value files').inputValue(), 'values-prod.yaml');
    await shots('app-details-helm');
  });

  it('connects a repository, tests it, and removes it; adds and removes a credential template', async () => {
    await page.goto(`${running.url}/settings/repositories`);
    await page.getByRole('button', { name: 'Connect repository' }).click();
    await page.getByLabel('Repository URL').fill(other.url);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: other.url });
    await row.getByText('Successful').waitFor();
    await row.getByRole('button', { name: 'Test' }).click();
    await row.getByRole('button', { name: 'Test' }).waitFor();
    await row.getByText('Successful').waitFor();
    await shots('repositories');
    await row.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await waitFor(async () => (await page.getByRole('row').filter({ hasText: other.url }).count()) === 0, {
      what: 'the repository to be gone',
    });
    // A credential template: listed with its username, never its password; then removed.
    const prefix = `https://git.example.invalid/${randomSuffix(4)}/`;
    await page.getByRole('button', { name: 'Add credential template' }).click();
    await page.getByLabel('URL prefix').fill(prefix);
    await page.getByLabel('Username').fill('deploy-bot');
    await page.getByLabel('Password or token').fill('template-secret-value');
    await page.getByRole('button', { name: 'Add template' }).click();
    const templates = page.getByRole('region', { name: 'Credential templates' });
    const template = templates.getByRole('row').filter({ hasText: prefix });
    await template.getByText('deploy-bot').waitFor();
    assert.equal(await page.getByText('template-secret-value').count(), 0);
    await shots('credential-templates');
    await template.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await waitFor(async () => (await templates.getByRole('row').filter({ hasText: prefix }).count()) === 0, {
      what: 'the template to be gone',
    });
  });

  it('registers a cluster (its URL, a ServiceAccount token and its CA) and removes it', async () => {
    // The e2e control plane itself, by its own URL: a second destination as far as Driftless is concerned.
    const server = await kubectlOk([
      'config',
      'view',
      '--minify',
      '--raw',
      '-o',
      'jsonpath={.clusters[0].cluster.server}',
    ]);
    const caData = await kubectlOk([
      'config',
      'view',
      '--minify',
      '--raw',
      '-o',
      'jsonpath={.clusters[0].cluster.certificate-authority-data}',
    ]);
    await kubectlOk(['-n', NS, 'create', 'serviceaccount', 'ui-cluster']);
    const token = (await kubectlOk(['-n', NS, 'create', 'token', 'ui-cluster'])).trim();
    await page.goto(`${running.url}/settings/clusters`);
    await page.getByRole('button', { name: 'Register cluster' }).click();
    await page.getByLabel('Cluster name').fill('ui-registered');
    await page.getByLabel('API server URL').fill(server);
    await page.getByLabel('Bearer token').fill(token);
    await page.getByLabel('CA certificate (PEM)').fill(Buffer.from(caData, 'base64').toString('utf8'));
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'ui-registered' });
    await row.waitFor();
    assert.equal(await page.getByText(token).count(), 0, 'the token is never shown');
    await shots('clusters');
    await row.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await waitFor(
      async () => (await page.getByRole('row').filter({ hasText: 'ui-registered' }).count()) === 0,
      {
        what: 'the cluster to be gone',
      },
    );
  });
});
