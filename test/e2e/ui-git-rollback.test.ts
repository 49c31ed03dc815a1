// "Roll back via Git…" in the History tab, in real Chromium against the real server (runServer) with the
// configuration repository served over HTTPS with write credentials: the dialog names the target revision
// and the deployments it undoes; confirming pushes one revert commit to the served repository and, with
// auto-sync on, the app deploys it; a revert that conflicts with a later commit shows the server's message
// and pushes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApi, type RunningApi } from './api-support.js';
import { browserSkipReason, screenshot, signedInBrowser, UI_DIST } from './support/browser.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { applicationYaml, getApp } from './support/controller.js';
import { deploymentImage, kubectl, kubectlOk } from './support/kubectl.js';
import { startServedRepo, type ServedRepo } from './support/served-repo.js';

const NS = `uigitrb-e2e-${randomSuffix()}`;
const APP = `uigitrb-${randomSuffix(4)}`;
const DEST = `uigitrb-dest-${randomSuffix()}`;

const web = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: ${image}
`;

describe('Roll back via Git in the History tab', { skip: browserSkipReason() }, () => {
  let served: ServedRepo;
  let running: RunningApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let good = '';
  let bad = '';

  const liveImage = () => deploymentImage(DEST, 'web');
  const deployed = (sha: string, image: string) =>
    waitFor(
      async () => {
        const a = await getApp(NS, APP);
        return (
          a.status?.sync?.status === 'Synced' &&
          a.status.history?.at(-1)?.revision === sha &&
          (await liveImage()) === image
        );
      },
      { what: `${APP} deployed at ${sha.slice(0, 8)} with ${image}`, timeoutMs: 180_000 },
    );
  const openHistory = async () => {
    await page.goto(`${running.url}/applications/${APP}`);
    await page.getByRole('heading', { name: APP, level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'History & rollback' }).click();
  };
  /** The History row of a revision (its short SHA in the Revision cell). */
  const row = (sha: string) => page.getByRole('row').filter({ hasText: sha.slice(0, 7) });

  before(async () => {
    served = await startServedRepo();
    good = served.push({ 'app/web.yaml': web('nginx:1.26') }, 'web on 1.26');
    running = await startApi({ namespace: NS, uiDir: UI_DIST, pollIntervalMs: 2_000 });
    await served.trustIn(NS);
    await kubectlOk(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'config-repo',
          namespace: NS,
          labels: { 'argocd.argoproj.io/secret-type': 'repository' },
        },
        stringData: { url: served.url, ...served.auth },
      }),
    });
    await kubectlOk(['apply', '-f', '-'], {
      input: applicationYaml({
        name: APP,
        namespace: NS,
        repoURL: served.url,
        path: 'app',
        destNamespace: DEST,
        automated: { prune: true, selfHeal: true },
      }),
    });
    await deployed(good, 'nginx:1.26');
    bad = served.push({ 'app/web.yaml': web('nginx:1.27-broken') }, 'web on 1.27 (broken)');
    await deployed(bad, 'nginx:1.27-broken');
    const token = await running.admin.login('admin', running.adminPassword);
    ({ browser, context, page } = await signedInBrowser(running.url, token));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await kubectl(['-n', NS, 'delete', 'application', APP, '--wait=false']);
    await running?.stop();
    await served?.close();
    await kubectl(['delete', 'namespace', DEST, '--wait=false']);
  });

  it('names the target and the deployments it undoes; confirming pushes a revert that auto-sync deploys', async () => {
    await openHistory();
    await row(good).getByRole('button', { name: 'Roll back via Git…' }).click();
    const dialog = page.getByRole('dialog', { name: `Roll back ${APP} via Git?` });
    await dialog.waitFor();
    await dialog.getByText('web on 1.26').waitFor();
    const undone = dialog.getByRole('list', { name: 'Deployments undone' });
    await undone.getByText('web on 1.27 (broken)').waitFor();
    const text = (await dialog.textContent()) ?? '';
    assert.ok(text.includes(good.slice(0, 7)), text);
    assert.ok(text.includes(bad.slice(0, 7)), text);
    assert.equal(await undone.getByRole('listitem').count(), 1, text);
    await screenshot(page, 'git-rollback-dialog');
    await dialog.getByRole('button', { name: 'Revert in Git' }).click();
    const status = dialog.getByRole('status');
    await status.filter({ hasText: /Revert commit [0-9a-f]{7,} pushed to main/ }).waitFor();
    const revert = served.git('rev-parse', 'main');
    assert.equal(served.git('rev-parse', `${revert}^`), bad, 'one commit on top of the deployed one');
    assert.ok((await status.textContent())?.includes(revert.slice(0, 7)));
    assert.equal(served.git('show', `${revert}:app/web.yaml`), web('nginx:1.26').trim());
    await deployed(revert, 'nginx:1.26');
  });

  it('a revert that conflicts with a later commit shows the server’s message and pushes nothing', async () => {
    // Auto-sync off, so a later commit to the same line stays undeployed while the revert runs on top of it.
    await kubectlOk([
      '-n',
      NS,
      'patch',
      'application',
      APP,
      '--type=merge',
      '-p',
      '{"spec":{"syncPolicy":null}}',
    ]);
    served.push({ 'app/web.yaml': web('nginx:1.29') }, 'web on 1.29');
    const tip = served.git('rev-parse', 'main');
    await openHistory();
    await row(bad).getByRole('button', { name: 'Roll back via Git…' }).click();
    const dialog = page.getByRole('dialog', { name: `Roll back ${APP} via Git?` });
    await dialog.getByRole('button', { name: 'Revert in Git' }).click();
    const alert = dialog.getByRole('alert');
    // The server fetches, reverts and refuses before answering: slow on a loaded CI machine.
    await alert.waitFor({ timeout: 60_000 });
    const message = (await alert.textContent()) ?? '';
    assert.match(message, /conflicts with later commits of the branch in app\/web\.yaml/, message);
    await screenshot(page, 'git-rollback-conflict');
    assert.equal(served.git('rev-parse', 'main'), tip, 'nothing pushed');
  });
});
