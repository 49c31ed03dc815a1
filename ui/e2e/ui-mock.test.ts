// Browser tests of the UI in real Chromium against the mock API (the real-server test lives in test/e2e).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startMockApi } from '../dev/mock-api.ts';
import { fieldsParam } from '../src/test-support/select-fields.ts';
import { APP_LIST_FIELDS, APP_STREAM_FIELDS } from '../src/api/client.ts';
import { launchBrowser, login, logout, newPage, screenshot, startPreview } from './harness.ts';

let browser: Browser;
let mock: Awaited<ReturnType<typeof startMockApi>>;
let ui: Awaited<ReturnType<typeof startPreview>>;

beforeAll(async () => {
  process.env['MOCK_SYNC_STEP_MS'] = '300';
  mock = await startMockApi({ port: 0, apps: 60 });
  ui = await startPreview(mock.url);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await ui?.stop();
  await mock?.close();
});

async function openGuestbook(page: Page): Promise<void> {
  await page.goto(`${ui.url}/applications/guestbook`);
  await page.getByRole('heading', { name: 'guestbook', level: 1 }).waitFor();
}

/** The requests the mock received so far whose `METHOD path` is `what`, as URLs. */
function received(what: string): URL[] {
  return mock.state.requests
    .filter((r) => r.split('?')[0] === what)
    .map((r) => new URL(r.slice(r.indexOf(' ') + 1), 'http://x'));
}

describe('UI against the mock API', () => {
  it('asks for only the fields the list shows, in its list and on its stream; the detail page watches its app whole', async () => {
    const { page, context } = await newPage(browser);
    mock.state.requests.length = 0;
    await login(page, ui.url);
    await page.getByRole('list', { name: 'Applications' }).waitFor();
    await expect.poll(() => received('GET /api/v1/applications').length).toBeGreaterThan(0);
    const lists = received('GET /api/v1/applications');
    for (const u of lists) expect(fieldsParam(u.searchParams)).toEqual(APP_LIST_FIELDS);
    const streams = received('GET /api/v1/stream/applications');
    expect(streams.map((u) => fieldsParam(u.searchParams))).toEqual([APP_STREAM_FIELDS]);
    // An app created meanwhile shows up live through that stream.
    const session = await fetch(`${mock.url}/api/v1/session`, {
      method: 'POST',
      body: JSON.stringify({ username: 'admin', password: 'password' }),
    });
    const { token } = (await session.json()) as { token: string };
    const created = await fetch(`${mock.url}/api/v1/applications`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        metadata: { name: 'live-fields' },
        spec: {
          project: 'default',
          source: { repoURL: 'https://git.example.com/live.git', path: 'live' },
          destination: { server: 'https://kubernetes.default.svc', namespace: 'live' },
        },
      }),
    });
    expect(created.status).toBe(200);
    // The list is windowed: search so the new tile is on screen.
    await page.getByLabel('Search applications').fill('live-fields');
    await page.getByRole('link', { name: 'live-fields', exact: true }).click();
    await page.getByRole('heading', { name: 'live-fields', level: 1 }).waitFor();
    const one = received('GET /api/v1/stream/applications').filter((u) => u.searchParams.has('name'));
    expect(one.map((u) => [u.searchParams.getAll('name'), fieldsParam(u.searchParams)])).toEqual([
      [['live-fields'], []],
    ]);
    await context.close();
  });

  it('signs in, filters the list through the URL, and switches to the table', async () => {
    const { page, context } = await newPage(browser);
    await page.goto(ui.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'login');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Invalid username or password').waitFor();
    await login(page, ui.url);
    await page.getByRole('list', { name: 'Applications' }).waitFor();
    await screenshot(page, 'applications-tiles');
    await page.getByLabel('Search applications').fill('guest');
    await page.getByRole('link', { name: 'guestbook', exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('guest');
    await page.getByLabel('Search applications').fill('');
    await page.getByRole('checkbox', { name: /OutOfSync/ }).check();
    expect(new URL(page.url()).searchParams.get('sync')).toBe('OutOfSync');
    await page.getByRole('button', { name: 'Table' }).click();
    await page.getByText('Last sync', { exact: true }).first().waitFor();
    await screenshot(page, 'applications-table-filtered');
    // The filters survive a reload because they live in the URL.
    await page.reload();
    await expect.poll(() => page.getByRole('checkbox', { name: /OutOfSync/ }).isChecked()).toBe(true);
    await context.close();
  });

  it('shows the tree, sees drift arrive live, opens the diff, syncs and rolls back', async () => {
    const { page, context } = await newPage(browser);
    await login(page, ui.url);
    await openGuestbook(page);
    await page.getByRole('button', { name: /^Deployment guestbook-ui/ }).waitFor();
    await expect.poll(() => page.locator('.app-title').textContent()).toContain('Synced');
    await screenshot(page, 'app-tree');

    await fetch(`${mock.url}/mock/drift?on=true`, { method: 'POST' }); // what `kubectl scale/set image` would cause
    await expect
      .poll(() => page.locator('.app-title').textContent(), { timeout: 10_000 })
      .toContain('OutOfSync');
    await page.getByRole('button', { name: /^Deployment guestbook-ui, health Healthy, OutOfSync/ }).click();
    await page.getByRole('tab', { name: /Diff \(2\)/ }).click();
    await expect.poll(() => page.locator('.panel .diff').textContent()).toContain('ignored');
    await screenshot(page, 'app-resource-panel-diff');

    await page.getByRole('button', { name: /^Secret guestbook-db/ }).click();
    await page.getByRole('tab', { name: 'Live manifest' }).click();
    const secretText = await page.locator('.panel .manifest').textContent();
    expect(secretText).toContain('++++++++');
    expect(secretText).not.toContain('c3VwZXItc2VjcmV0');

    await page.getByRole('tab', { name: /^Diff/ }).first().click();
    await page.getByRole('button', { name: 'Side by side' }).waitFor();
    await screenshot(page, 'app-diff');

    await page.getByRole('button', { name: 'Sync…' }).click();
    await page
      .getByRole('dialog')
      .getByRole('checkbox', { name: /delete resources Git no longer declares/ })
      .check();
    await screenshot(page, 'app-sync-dialog');
    await page.getByRole('button', { name: 'Synchronize' }).click();
    await page.getByText('Sync in progress').waitFor();
    await screenshot(page, 'app-sync-progress');
    await page.getByText('Last sync', { exact: true }).first().waitFor({ timeout: 15_000 });
    await expect
      .poll(() => page.locator('.app-title').textContent(), { timeout: 10_000 })
      .toContain('Synced');

    await page.getByRole('tab', { name: 'History & rollback' }).click();
    await page.getByText('current').waitFor();
    await page.getByRole('button', { name: 'Roll back…' }).first().click();
    await page.getByRole('dialog', { name: /Roll back guestbook/ }).waitFor();
    await screenshot(page, 'app-rollback-confirm');
    await page.getByRole('button', { name: /Roll back to #/ }).click();
    await expect
      .poll(() => page.locator('.app-title').textContent(), { timeout: 15_000 })
      .toContain('OutOfSync');
    await context.close();
  });

  it('makes a ComparisonError impossible to miss, and validates edits inline', async () => {
    const { page, context } = await newPage(browser);
    await login(page, ui.url);
    await page.goto(`${ui.url}/applications/billing-broken`);
    await page.getByRole('alert').filter({ hasText: 'ComparisonError' }).waitFor();
    await screenshot(page, 'app-comparison-error');
    await page.getByRole('tab', { name: 'Details' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Namespace').fill('Not Valid!');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Not a valid namespace name').waitFor();
    await screenshot(page, 'app-details-validation');
    await context.close();
  });

  it('creates an app with the source type detected from the path', async () => {
    const { page, context } = await newPage(browser);
    await login(page, ui.url);
    await page.getByRole('button', { name: '+ New app' }).click();
    await page.getByLabel('Application name').fill('redis');
    await page.getByLabel('Repository URL').fill('https://git.example.com/data/deploy.git');
    await page.getByLabel('Path').fill('charts/redis');
    await page.getByText('Detected source type:').waitFor();
    await expect.poll(() => page.locator('.field-hint strong').textContent()).toBe('Helm');
    await page.getByLabel('Namespace').fill('redis');
    await screenshot(page, 'create-app');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'redis', level: 1 }).waitFor();
    await context.close();
  });

  it('shows the admin pages', async () => {
    const { page, context } = await newPage(browser);
    await login(page, ui.url);
    for (const [link, name] of [
      ['Projects', 'projects'],
      ['Repositories', 'repositories'],
      ['Clusters', 'clusters'],
      ['Accounts', 'accounts'],
    ] as const) {
      await page.getByRole('link', { name: link }).click();
      await page.getByRole('table').first().waitFor();
      await screenshot(page, `settings-${name}`);
    }
    await context.close();
  });

  it('disables what a viewer may not do, with the reason', async () => {
    const { page, context } = await newPage(browser);
    await login(page, ui.url, 'viewer', 'password');
    await openGuestbook(page);
    const sync = page.getByRole('button', { name: /Sync…/ });
    await expect.poll(() => sync.isDisabled()).toBe(true);
    await page
      .getByText(/may not sync applications/)
      .first()
      .waitFor();
    await screenshot(page, 'app-viewer-readonly');
    await context.close();
  });

  it('says the session expired, and signs in again in place', async () => {
    const { page, context } = await newPage(browser);
    await login(page, ui.url);
    await openGuestbook(page);
    await fetch(`${mock.url}/mock/expire`, { method: 'POST' });
    // Any API call now gets 401. Opening the History tab fetches its commits and the Events tab its
    // events, so switching between them makes one for sure; a background request may get there first
    // and replace the page with the expired-session screen (then there is no tab left to click). Keep
    // switching until that screen shows: under load a click can miss its moment.
    const expired = page.getByText('Your session expired');
    let round = 0;
    await expect
      .poll(
        async () => {
          if (await expired.isVisible()) return true;
          const tab = round++ % 2 === 0 ? 'History & rollback' : 'Events';
          await page
            .getByRole('tab', { name: tab })
            .click({ timeout: 5_000 })
            .catch(() => undefined);
          return expired.isVisible();
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    await screenshot(page, 'session-expired');
    await page.getByLabel('Password').fill('password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'guestbook', level: 1 }).waitFor();
    await logout(page);
    await context.close();
  }, 120_000);

  it('works in the dark theme, on a narrow screen and from the keyboard', async () => {
    const { page, context } = await newPage(browser, { dark: true });
    await login(page, ui.url);
    await page.getByRole('list', { name: 'Applications' }).waitFor();
    await screenshot(page, 'applications-dark');
    await openGuestbook(page);
    await page.getByRole('button', { name: /^Deployment guestbook-ui/ }).click();
    await screenshot(page, 'app-tree-dark');
    await context.close();

    const narrow = await newPage(browser, { width: 390, height: 844 });
    await login(narrow.page, ui.url);
    await narrow.page.getByRole('list', { name: 'Applications' }).waitFor();
    await screenshot(narrow.page, 'applications-narrow');
    // Keyboard: "/" focuses search; arrows move through the list; Enter opens the app.
    await narrow.page.keyboard.press('/');
    expect(await narrow.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Search applications',
    );
    await narrow.page.keyboard.type('guestbook');
    await narrow.page.getByRole('link', { name: 'guestbook', exact: true }).focus();
    await narrow.page.keyboard.press('Enter');
    await narrow.page.getByRole('heading', { name: 'guestbook', level: 1 }).waitFor();
    await screenshot(narrow.page, 'app-narrow');
    await narrow.context.close();
  });
});
