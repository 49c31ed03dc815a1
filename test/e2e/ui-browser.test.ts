// The web UI in real Chromium against the real API server and controller on the e2e control plane:
// sign in, watch an app sync, its tree, live drift, the diff, a sync, a rollback, sign out.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { deploymentYaml, startApi, type RunningApi } from './api-support.js';
import { browserSkipReason, launchBrowser, newPage, screenshot, UI_DIST } from './support/browser.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { applicationYaml, healthy, jsonpath, synced, waitForApp } from './support/controller.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';

const NS = `driftless-e2e-ui-${randomSuffix()}`;
const APP = 'guestbook';
const DEST = `e2e-ui-${randomSuffix()}`;

function configMapYaml(greeting: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${APP}-config\ndata:\n  greeting: ${greeting}\n`;
}

describe('web UI against the real server', { skip: browserSkipReason() }, () => {
  let repo: TestRepo;
  let running: RunningApi;
  let url: string;
  let token: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let firstSha: string;

  const api = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(url + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as unknown;
  };
  const title = () => page.locator('.app-title').textContent();
  const waitText = async (
    what: string,
    get: () => Promise<string | null>,
    want: string,
    timeoutMs = 60_000,
  ) => waitFor(async () => (await get())?.includes(want), { what, timeoutMs, intervalMs: 200 });

  before(async () => {
    repo = new TestRepo();
    repo.write({
      [`${APP}/deployment.yaml`]: deploymentYaml(APP, 1),
      [`${APP}/configmap.yaml`]: configMapYaml('one'),
    });
    firstSha = repo.commit('first: guestbook with greeting one');
    running = await startApi({ namespace: NS, uiDir: UI_DIST });
    url = running.url;
    const password = running.adminPassword;
    const login = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    token = ((await login.json()) as { token: string }).token;
    // Deployment #1 (the first commit) and a second commit waiting to be synced while the UI watches.
    await kubectlOk(['apply', '-f', '-'], {
      input: applicationYaml({ name: APP, namespace: NS, repoURL: repo.url, path: APP, destNamespace: DEST }),
    });
    await api('POST', `/api/v1/applications/${APP}/sync`, {});
    await waitForApp(NS, APP, 'synced and healthy', (a) => synced(a) && healthy(a), 120_000);
    repo.write({ [`${APP}/configmap.yaml`]: configMapYaml('two') });
    repo.commit('second: greeting two');
    await waitForApp(
      NS,
      APP,
      'out of sync with the second commit',
      (a) => a.status?.sync?.status === 'OutOfSync',
    );
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await running?.stop();
    await kubectl(['delete', 'namespace', DEST, '--wait=false']);
    repo?.cleanup();
  });

  it('signs in with the initial admin password and sees the app go Synced and Healthy', async () => {
    const password = running.adminPassword;
    await page.goto(`${url}/applications`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/invalid username or password/i).waitFor();
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const tile = page.locator('article.tile', { has: page.getByRole('link', { name: APP, exact: true }) });
    await waitText('the tile OutOfSync', () => tile.textContent(), 'OutOfSync');
    // The session cookie carries a reload.
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await api('POST', `/api/v1/applications/${APP}/sync`, {});
    await waitFor(
      async () => {
        const cls = (await tile.getAttribute('class')) ?? '';
        return cls.includes('tile-sync-synced') && cls.includes('tile-health-healthy');
      },
      { what: 'the tile Synced and Healthy (over SSE)', timeoutMs: 90_000 },
    );
    await screenshot(page, 'list');
  });

  it('opens the app and shows its tree: Deployment → ReplicaSet → Pods', async () => {
    await page.getByRole('link', { name: APP, exact: true }).click();
    await page.getByRole('heading', { name: APP, level: 1 }).waitFor();
    await page.getByRole('button', { name: new RegExp(`^Deployment ${APP},`) }).waitFor();
    await page.getByRole('button', { name: new RegExp(`^ReplicaSet ${APP}-`) }).waitFor();
    await page
      .getByRole('button', { name: new RegExp(`^Pod ${APP}-`) })
      .first()
      .waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: new RegExp(`^ConfigMap ${APP}-config`) }).waitFor();
    await screenshot(page, 'app-tree');
    // A Pod is not in Git: its live manifest comes from /resource, its events from /events?resourceName=….
    const pod = page.getByRole('button', { name: new RegExp(`^Pod ${APP}-`) }).first();
    const podName = ((await pod.getAttribute('aria-label')) ?? '').replace(/^Pod /, '').split(',')[0] ?? '';
    await pod.click();
    const panel = page.getByRole('complementary', { name: `Pod ${podName}` });
    await panel.getByRole('tab', { name: 'Live manifest' }).click();
    await waitText('the Pod live manifest', () => panel.textContent(), `name: ${podName}`);
    await screenshot(page, 'pod-manifest');
    await panel.getByRole('tab', { name: 'Events' }).click();
    // The scheduler's "Scheduled" event of this Pod, and no error.
    await waitText('the Pod events', () => panel.textContent(), 'Scheduled');
    assert.ok(!((await panel.textContent()) ?? '').includes('Could not load events'));
    await panel.getByRole('button', { name: 'Close resource panel' }).click();
  });

  it('shows drift made with kubectl live, without a reload, and its diff', async () => {
    await page.evaluate('window.__driftlessNoReload = true');
    await kubectlOk(['-n', DEST, 'scale', `deployment/${APP}`, '--replicas=3']);
    await waitText('the app OutOfSync after kubectl scale', title, 'OutOfSync');
    assert.equal(await page.evaluate('window.__driftlessNoReload'), true, 'the page was reloaded');
    await page.getByRole('button', { name: new RegExp(`^Deployment ${APP},.*OutOfSync`) }).click();
    const panel = page.getByRole('complementary', { name: `Deployment ${APP}` });
    await panel.getByRole('tab', { name: /^Diff/ }).click();
    await waitText('the diff to show replicas', () => panel.textContent(), 'replicas');
    await screenshot(page, 'diff');
  });

  it('syncs from the dialog and goes Synced', async () => {
    await page.getByRole('button', { name: 'Sync…' }).click();
    await page.getByRole('dialog').waitFor();
    await screenshot(page, 'sync-dialog');
    await page.getByRole('button', { name: 'Synchronize' }).click();
    await waitText('the app Synced after the sync', title, 'Synced');
    await waitForApp(
      NS,
      APP,
      'the sync done',
      (a) => synced(a) && a.status?.operationState?.phase === 'Succeeded',
    );
    assert.equal(await jsonpath(['-n', DEST, 'get', 'deployment', APP], '{.spec.replicas}'), '1');
  });

  it('rolls back to the first deployment after confirming', async () => {
    await page.getByRole('tab', { name: 'History & rollback' }).click();
    const history = page.getByRole('region', { name: 'History' });
    await waitText('commit messages in the history', () => history.textContent(), 'first: guestbook');
    // Newest first: the last row is the first deployment (history ids start at 0, as in Argo CD).
    const firstRow = history.locator('tbody tr').last();
    const firstId = ((await firstRow.locator('td').first().textContent()) ?? '').trim();
    await firstRow.getByRole('button', { name: 'Roll back…' }).click();
    await page.getByRole('dialog', { name: new RegExp(`Roll back ${APP}`) }).waitFor();
    await screenshot(page, 'rollback-confirm');
    await page.getByRole('button', { name: `Roll back to #${firstId}` }).click();
    await waitForApp(
      NS,
      APP,
      'rolled back to the first commit',
      (a) =>
        a.status?.operationState?.phase === 'Succeeded' &&
        a.status.operationState.syncResult?.revision === firstSha,
    );
    await waitFor(
      async () =>
        (await jsonpath(['-n', DEST, 'get', 'configmap', `${APP}-config`], '{.data.greeting}')) === 'one',
      { what: 'the first greeting back in the cluster' },
    );
    // Git still says "two": after a rollback the app is OutOfSync, as in Argo CD.
    await waitText('the app OutOfSync after the rollback', title, 'OutOfSync');
    await screenshot(page, 'history');
  });

  it('detects the source type in the new-app form, and shows the admin pages', async () => {
    await page.getByRole('link', { name: 'Applications', exact: true }).first().click();
    await page.getByRole('button', { name: '+ New app' }).click();
    await page.getByLabel('Application name').fill('another');
    await page.getByLabel('Repository URL').fill(repo.url);
    await page.getByLabel('Path').fill(APP);
    await waitText('the detected type', () => page.locator('.field-hint strong').textContent(), 'Directory');
    await screenshot(page, 'create-app');
    for (const [link, name] of [
      ['Projects', 'projects'],
      ['Repositories', 'repositories'],
      ['Clusters', 'clusters'],
      ['Accounts', 'accounts'],
    ] as const) {
      await page.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: link, level: 1 }).waitFor();
      // A table, or the empty state (no repositories are configured here); never an error.
      await page.locator('table.table, .state-empty').first().waitFor();
      assert.equal(await page.getByText(`Could not load ${name}`).count(), 0);
      await screenshot(page, `settings-${name}`);
    }
  });

  it('signs out, and a reload stays signed out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'login');
  });
});
