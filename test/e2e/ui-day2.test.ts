// Day-2 operations in the web UI, in real Chromium against the real server on the e2e control plane: follow a
// Deployment's logs, restart it from its actions menu and see the new ReplicaSet, one clear error for an app that
// cannot render. Screenshots at 1400×900 in light and dark themes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { deploymentYaml, startApi, type RunningApi } from './api-support.js';
import { browserSkipReason, screenshot, signedInBrowser, UI_DIST } from './support/browser.js';
import { appendContainerLog, randomSuffix, waitFor } from './support/cluster.js';
import { applicationYaml, healthy, synced, waitForApp } from './support/controller.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';

const NS = `driftless-e2e-ui2-${randomSuffix()}`;
const APP = 'web';
// App names are unique per run: tracking ids name the app, and other files deploy apps named `web`.
const APP_NAME = `day2-${randomSuffix(4)}`;
const BROKEN = 'broken';
const DEST = `e2e-ui2-${randomSuffix()}`;

describe('day-2 operations in the web UI', { skip: browserSkipReason() }, () => {
  let repo: TestRepo;
  let running: RunningApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  /** The page at 1400×900, in light then dark theme. */
  const shots = async (name: string) => {
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
      await screenshot(page, `day2-${name}-${theme}`);
    }
    await page.evaluate(`document.documentElement.dataset.theme = 'light'`);
  };
  const openApp = async (name: string) => {
    await page.goto(`${running.url}/applications/${name}`);
    await page.getByRole('heading', { name, level: 1 }).waitFor();
  };

  before(async () => {
    repo = new TestRepo();
    repo.write({
      [`${APP}/deployment.yaml`]: deploymentYaml(APP, 1),
      [`${BROKEN}/bad.yaml`]: 'apiVersion: v1\nkind: ConfigMap\nmetadata: [not, a, map\n',
    });
    repo.commit('a web Deployment and a broken manifest');
    running = await startApi({ namespace: NS, uiDir: UI_DIST });
    for (const [name, path] of [
      [APP_NAME, APP],
      [BROKEN, BROKEN],
    ] as const)
      await kubectlOk(['apply', '-f', '-'], {
        input: applicationYaml({ name, namespace: NS, repoURL: repo.url, path, destNamespace: DEST }),
      });
    const token = await running.admin.login('admin', running.adminPassword);
    await running.admin.syncApplication(APP_NAME);
    await waitForApp(NS, APP_NAME, 'synced and healthy', (a) => synced(a) && healthy(a), 120_000);
    ({ browser, context, page } = await signedInBrowser(running.url, token));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await running?.stop();
    await kubectl(['delete', 'namespace', DEST, '--wait=false']);
    repo?.cleanup();
  });

  it('follows the logs of a Deployment’s pods from its resource panel', async () => {
    await openApp(APP_NAME);
    await page.getByRole('button', { name: new RegExp(`^Deployment ${APP},`) }).click();
    const panel = page.getByRole('complementary', { name: `Deployment ${APP}` });
    await panel.getByRole('tab', { name: 'Logs' }).click();
    const lines = panel.getByTestId('log-lines');
    await waitFor(async () => (await lines.textContent())?.includes('listening on :8080'), {
      what: 'the existing log lines',
      timeoutMs: 30_000,
    });
    const marker = `ui follow ${randomSuffix()}`;
    appendContainerLog([marker]);
    await waitFor(async () => (await lines.textContent())?.includes(marker), {
      what: 'a new line to be followed',
      timeoutMs: 30_000,
    });
    await panel.getByLabel('Search logs').fill(marker);
    assert.equal(await panel.locator('.log-line').count(), 1);
    await shots('logs');
  });

  it('restarts the Deployment from its actions menu; the tree shows the new ReplicaSet', async () => {
    const panel = page.getByRole('complementary', { name: `Deployment ${APP}` });
    await panel.getByRole('button', { name: 'Actions ▾' }).click();
    await panel.getByRole('menuitem', { name: 'restart' }).waitFor();
    await shots('actions-menu');
    await panel.getByRole('menuitem', { name: 'restart' }).click();
    await panel
      .getByRole('status')
      .filter({ hasText: `ran on Deployment ${APP}` })
      .waitFor();
    await waitFor(async () => (await page.getByRole('button', { name: /^ReplicaSet web-/ }).count()) === 2, {
      what: 'two ReplicaSets in the tree',
      timeoutMs: 60_000,
    });
    await shots('after-restart');
  });

  it('shows one clear error for an app that cannot render, with Sync disabled', async () => {
    await waitForApp(NS, BROKEN, 'a render error condition', (a) =>
      (a.status?.conditions ?? []).some((c) => c.type === 'ComparisonError'),
    );
    await openApp(BROKEN);
    const alert = page.getByRole('alert', { name: 'Cannot render' });
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /Fix the manifests/);
    assert.equal(await page.getByRole('alert').count(), 1, 'one error, not several');
    assert.equal(await page.getByText('Could not load resources').count(), 0);
    assert.equal(await page.getByText(/No resources yet/).count(), 0);
    assert.ok(await page.getByRole('button', { name: 'Sync…' }).isDisabled());
    await shots('render-error');
  });
});
