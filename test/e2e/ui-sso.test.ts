// "Log in via SSO" in real Chromium against the real server and a real OpenID provider: the login page's
// button, the provider's login and consent forms, back in the UI as the user with what the user's group
// may do (an app to see, a sync it may not start), and Sign out ending the session at the provider too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Application } from '../../src/model/index.js';
import { ApiClient } from '../../src/server/api-client.js';
import { appBody, applyConfigMap, deploymentYaml } from './api-support.js';
import { browserSkipReason, launchBrowser, newPage, screenshot, UI_DIST } from './support/browser.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl } from './support/kubectl.js';
import { oidcConfig, startSsoServer, type SsoServer } from './support/sso.js';

const NS = `ui-sso-e2e-${randomSuffix()}`;
const APP = `ui-sso-${randomSuffix()}`;
const DEST = `ui-sso-dest-${randomSuffix()}`;
const CLIENT_SECRET = `ui-sso-secret-${randomSuffix(12)}`;

describe('"Log in via SSO" in the browser', { skip: browserSkipReason() }, () => {
  let repo: TestRepo;
  let sso: SsoServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    repo = new TestRepo();
    repo.write({ 'app/deployment.yaml': deploymentYaml('ui-sso', 1) }).commit('one replica');
    sso = await startSsoServer({
      namespace: NS,
      clientSecret: CLIENT_SECRET,
      groupsOf: (login) => (login.startsWith('viewer') ? ['viewers'] : []),
      uiDir: UI_DIST,
    });
    const { api, op } = sso;
    await applyConfigMap(NS, 'argocd-cm', {
      url: api.url,
      'oidc.config': oidcConfig(
        op,
        'Test IdP',
        ['openid', 'email', 'groups', 'offline_access'],
        [`clientSecret: ${CLIENT_SECRET}`],
      ),
    });
    await applyConfigMap(NS, 'argocd-rbac-cm', { 'policy.csv': 'g, viewers, role:readonly' });
    await api.admin.createApplication(appBody(APP, repo.url, 'app', DEST) as Application);
    await waitFor(async () => (await new ApiClient(api.url).settings()).oidcConfig, {
      what: 'SSO in /api/v1/settings',
      timeoutMs: 30_000,
    });
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await kubectl(['-n', NS, 'delete', 'application', APP, '--wait=false']);
    await sso?.stop();
    await kubectl(['delete', 'namespace', DEST, '--wait=false']);
    repo?.cleanup();
  });

  it('logs in through the provider, shows what the group may do, and signs out at the provider too', async () => {
    // A failure leaves a screenshot of the page it happened on.
    await signInCheckAndSignOut().catch(async (e: unknown) => {
      await screenshot(page, 'ui-sso-failure').catch(() => undefined);
      throw e;
    });
  });

  async function signInCheckAndSignOut(): Promise<void> {
    const { api, op } = sso;
    await page.goto(`${api.url}/applications`);
    await page.getByRole('link', { name: 'Log in via Test IdP' }).click();
    // The provider's own pages: its login form, then its consent form (offline_access is asked for).
    await page.waitForURL((u) => u.origin === op.issuer);
    await page.locator('input[name="login"]').fill('viewer-vic');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.getByText(/offline access/i).waitFor();
    await page.locator('button[type="submit"]').click();

    // Back in the UI, signed in as the provider's user, on the page the login started from.
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 60_000 });
    assert.equal(new URL(page.url()).pathname, '/applications');
    assert.equal(await page.locator('.user').textContent(), 'viewer-vic@example.test');
    const cookies = await context.cookies(api.url);
    const byName = new Map(cookies.map((c) => [c.name, c]));
    assert.ok(byName.get('argocd.token')?.httpOnly, 'the session cookie is HttpOnly');
    assert.ok(byName.get('driftless.oidc-refresh')?.httpOnly, 'the sealed refresh token is HttpOnly');
    assert.equal(await page.evaluate('document.cookie'), '', 'no script reads a session cookie');

    // readonly through the group: the app is listed, creating and syncing are not offered.
    await page.getByRole('link', { name: APP, exact: true }).waitFor();
    assert.ok(await page.getByRole('button', { name: '+ New app' }).isDisabled());
    await page.getByRole('link', { name: APP, exact: true }).click();
    await page.getByRole('heading', { name: APP, level: 1 }).waitFor();
    const sync = page.getByRole('button', { name: 'Sync…' });
    await waitFor(async () => sync.isDisabled(), { what: 'Sync… disabled for a viewer', timeoutMs: 20_000 });
    const note = page.locator('.perm-note');
    await note.waitFor();
    assert.equal(
      await note.textContent(),
      '🔒 You (viewer-vic@example.test) may not sync applications in project default.',
    );
    // The server refuses it too, to this browser's own session (the UI's hiding is not the guard).
    const refused = (await page.evaluate(
      `fetch('/api/v1/applications/${APP}/sync', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then(async (r) => [r.status, await r.text()])`,
    )) as [number, string];
    assert.equal(refused[0], 403, refused[1]);
    assert.match(refused[1], /permission denied/i);
    await screenshot(page, 'ui-sso-viewer');

    // Sign out: the provider asks to confirm its own logout, then the UI's login page; no session is left.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.origin === op.issuer);
    await page.locator('button[autofocus], button[name="logout"]').first().click();
    await page.waitForURL((u) => u.origin === api.url && u.pathname === '/login');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const left = (await context.cookies(api.url)).map((c) => c.name);
    assert.ok(!left.includes('argocd.token') && !left.includes('driftless.oidc-refresh'), left.join(','));
    const me = (await page.evaluate(`fetch('/api/v1/session/userinfo').then((r) => r.json())`)) as {
      loggedIn: boolean;
    };
    assert.equal(me.loggedIn, false);
    // The provider's session ended too: logging in again asks for the login form, not a silent re-entry.
    await page.getByRole('link', { name: 'Log in via Test IdP' }).click();
    await page.waitForURL((u) => u.origin === op.issuer);
    await page.locator('input[name="login"]').waitFor();
  }
});
