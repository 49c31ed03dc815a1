// ApplicationSets in the web UI, in real Chromium against the real server on the e2e control plane: the list
// (template, generators, generated apps, error, rollout), a set's detail (generators, conditions, the generated
// apps with live sync and health and their RollingSync step), the way to an app and back to its set, and a set
// whose template fails shown with its error. Screenshots at 1400×900 in light and dark themes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ApplicationSet } from '../../src/model/index.js';
import { startApi, type RunningApi } from './api-support.js';
import { browserSkipReason, screenshot, signedInBrowser, UI_DIST } from './support/browser.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { healthy, synced, waitForApp } from './support/controller.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlJson, kubectlOk } from './support/kubectl.js';
import { configMap } from './support/manifests.js';

const NS = `driftless-e2e-uias-${randomSuffix()}`;
// Run-unique names: tracking ids name the app, and other files generate apps too.
const run = randomSuffix(4);
const ROLLOUT = `rollout-${run}`;
const BROKEN = `broken-${run}`;
const DEST = `e2e-uias-${randomSuffix()}`;
const ENVS = ['staging', 'production'] as const;

describe('ApplicationSets in the web UI', { skip: browserSkipReason() }, () => {
  let repo: TestRepo;
  let running: RunningApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const shots = async (name: string) => {
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
      await screenshot(page, `appsets-${name}-${theme}`);
    }
    await page.evaluate(`document.documentElement.dataset.theme = 'light'`);
  };
  const applySet = (name: string, spec: Record<string, unknown>) =>
    kubectlOk(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        metadata: { name, namespace: NS },
        spec,
      }),
    });
  const getSet = (name: string) =>
    kubectlJson<ApplicationSet>(['-n', NS, 'get', 'applicationsets.argoproj.io', name]);

  before(async () => {
    repo = new TestRepo();
    repo.write({ 'guestbook/cm.yaml': configMap('guestbook', 'ui') }).commit('a ConfigMap');
    running = await startApi({ namespace: NS, uiDir: UI_DIST });
    await applySet(ROLLOUT, {
      // No resources finalizer: the apps go with the set at cleanup even after the server stopped.
      syncPolicy: { preserveResourcesOnDeletion: true },
      generators: [{ list: { elements: ENVS.map((env) => ({ env })) } }],
      strategy: {
        type: 'RollingSync',
        rollingSync: {
          steps: ENVS.map((env) => ({ matchExpressions: [{ key: 'env', operator: 'In', values: [env] }] })),
        },
      },
      template: {
        metadata: { name: `{{env}}-${run}`, labels: { env: '{{env}}' } },
        spec: {
          project: 'default',
          source: { repoURL: repo.url, targetRevision: 'HEAD', path: 'guestbook' },
          destination: { server: 'https://kubernetes.default.svc', namespace: `${DEST}-{{env}}` },
          syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] },
        },
      },
    });
    await applySet(BROKEN, {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements: [{ team: 'a' }] } }],
      template: {
        metadata: { name: `{{ .nope }}-${run}` },
        spec: {
          project: 'default',
          source: { repoURL: repo.url, targetRevision: 'HEAD', path: 'guestbook' },
          destination: { server: 'https://kubernetes.default.svc', namespace: DEST },
        },
      },
    });
    for (const env of ENVS)
      await waitForApp(NS, `${env}-${run}`, 'Synced and Healthy', (a) => synced(a) && healthy(a), 180_000);
    await waitFor(
      async () => {
        const s = await getSet(ROLLOUT);
        const rows = s.status?.applicationStatus ?? [];
        return rows.length === 2 && rows.every((r) => r.status === 'Healthy');
      },
      { what: `${ROLLOUT}: both apps Healthy in the rollout status`, timeoutMs: 120_000 },
    );
    await waitFor(
      async () =>
        (await getSet(BROKEN)).status?.conditions?.some(
          (c) => c.type === 'ErrorOccurred' && c.status === 'True',
        ),
      { what: `${BROKEN}: ErrorOccurred`, timeoutMs: 60_000 },
    );
    const token = await running.admin.login('admin', running.adminPassword);
    ({ browser, context, page } = await signedInBrowser(running.url, token));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await kubectl(['-n', NS, 'delete', 'applicationsets.argoproj.io', ROLLOUT, BROKEN, '--wait=false']);
    await running?.stop();
    await kubectl(['delete', 'namespace', ...ENVS.map((e) => `${DEST}-${e}`), '--wait=false']);
    repo?.cleanup();
  });

  it('lists each set with its template, generators, generated apps, error and rollout', async () => {
    await page.goto(`${running.url}/applications`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'ApplicationSets' })
      .click();
    await page.getByRole('heading', { name: 'ApplicationSets', level: 1 }).waitFor();
    const row = page.getByRole('row').filter({ hasText: ROLLOUT });
    await row.waitFor();
    const cells = (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
    assert.deepEqual(cells, [
      ROLLOUT,
      'default',
      `{{env}}-${run} → https://kubernetes.default.svc/${DEST}-{{env}}`,
      'list (2 elements)',
      '2',
      '✔ OK',
      'all 2 steps done',
    ]);
    const broken = page.getByRole('row').filter({ hasText: BROKEN });
    assert.match((await broken.textContent()) ?? '', /✖/);
    assert.equal((await broken.getByRole('cell').nth(4).textContent())?.trim(), '0');
    await shots('list');
  });

  it('shows a set’s generators, generated apps with live status and rollout step, and conditions; an app links back', async () => {
    await page.getByRole('link', { name: ROLLOUT }).click();
    await page.getByRole('heading', { name: ROLLOUT, level: 1 }).waitFor();
    assert.deepEqual(
      await page.getByRole('list', { name: 'Generators' }).getByRole('listitem').allTextContents(),
      ['list (2 elements)'],
    );
    const apps = page.getByRole('table', { name: 'Generated applications' });
    for (const [i, env] of ENVS.entries()) {
      const row = apps.getByRole('row').filter({ hasText: `${env}-${run}` });
      const text = (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
      assert.equal(text[0], `${env}-${run}`);
      assert.match(text[1] ?? '', /Synced/);
      assert.match(text[2] ?? '', /Healthy/);
      assert.equal(text[3], String(i + 1), `${env} is in step ${i + 1}`);
      assert.match(text[4] ?? '', /^Healthy/);
    }
    const conditions = page.getByRole('table', { name: 'Conditions' });
    assert.match(
      (await conditions.getByRole('row').filter({ hasText: 'ErrorOccurred' }).textContent()) ?? '',
      /False/,
    );
    assert.match((await page.getByLabel('ApplicationSet spec').textContent()) ?? '', /RollingSync/);
    await shots('detail');

    // To a generated app, and from it back to its set.
    await apps.getByRole('link', { name: `production-${run}` }).click();
    await page.getByRole('heading', { name: `production-${run}`, level: 1 }).waitFor();
    await page.getByRole('link', { name: `ApplicationSet ${ROLLOUT}` }).click();
    await page.getByRole('heading', { name: ROLLOUT, level: 1 }).waitFor();
  });

  it('shows why a set generated nothing', async () => {
    await page.goto(`${running.url}/applicationsets/${BROKEN}`);
    await page.getByRole('heading', { name: BROKEN, level: 1 }).waitFor();
    const alert = page.getByRole('alert');
    assert.match((await alert.textContent()) ?? '', /nope/);
    await page.getByText('No Applications generated yet.').waitFor();
    await shots('error');
  });
});
