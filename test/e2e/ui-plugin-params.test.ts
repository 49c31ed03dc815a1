// Config management plugin parameters in the web UI, in real Chromium against the real server: a plugin (a
// labelled ConfigMap, found by its discover glob) announces a string and an array parameter statically and a
// map parameter from a dynamic command reading the checkout; the create form shows one field per parameter
// with its default, the values typed land in spec.source.plugin.parameters and the plugin renders with
// them; the Details tab edits one and the next render uses it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Application } from '../../src/model/index.js';
import { startApi, type RunningApi } from './api-support.js';
import { browserSkipReason, screenshot, signedInBrowser, UI_DIST } from './support/browser.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlJson, kubectlOk } from './support/kubectl.js';

const NS = `driftless-e2e-uicmp-${randomSuffix()}`;
const APP = `greet-${randomSuffix(4)}`;
const DEST = `e2e-uicmp-${randomSuffix()}`;

// Writes one ConfigMap from the parameters, as Argo CD passes them: PARAM_<NAME>, PARAM_<NAME>_<i>, PARAM_<NAME>_<KEY>.
const GENERATE = `printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: greeting}\\ndata:\\n  greeting: "%s"\\n  targets: "%s %s"\\n  color: "%s"\\n' "$PARAM_GREETING" "\${PARAM_TARGETS_0:-}" "\${PARAM_TARGETS_1:-}" "\${PARAM_STYLE_COLOR:-}"`;
// The dynamic announcement: a map parameter whose title and default come from the checkout's app.greet.
const ANNOUNCE = `c=$(cat app.greet); printf '[{"name":"style","title":"Style from %s","collectionType":"map","map":{"color":"%s"}}]' "$c" "$c"`;
const PLUGIN = `apiVersion: argoproj.io/v1alpha1
kind: ConfigManagementPlugin
metadata:
  name: greeter
spec:
  discover:
    fileName: "*.greet"
  generate:
    command: [sh, -c]
    args: [${JSON.stringify(GENERATE)}]
  parameters:
    static:
      - {name: greeting, title: Greeting, required: true, string: hello}
      - {name: targets, title: Targets, collectionType: array, array: [world]}
    dynamic:
      command: [sh, -c, ${JSON.stringify(ANNOUNCE)}]
`;

describe('plugin parameters in the web UI', { skip: browserSkipReason() }, () => {
  let repo: TestRepo;
  let running: RunningApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const rendered = (want: Record<string, string>, what: string) =>
    waitFor(
      async () => {
        const r = await kubectl(['-n', DEST, 'get', 'configmap', 'greeting', '-o', 'jsonpath={.data}']);
        if (r.code !== 0 || !r.stdout) return undefined;
        const data = JSON.parse(r.stdout) as Record<string, string>;
        return Object.entries(want).every(([k, v]) => data[k] === v) || undefined;
      },
      { what, timeoutMs: 120_000 },
    );

  before(async () => {
    repo = new TestRepo();
    repo.write({ 'greet/app.greet': 'blue\n' }).commit('a source for the greeter plugin');
    running = await startApi({ namespace: NS, uiDir: UI_DIST });
    await kubectlOk(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'greeter-plugin',
          namespace: NS,
          labels: { 'driftless.io/config-management-plugin': 'true' },
        },
        data: { 'plugin.yaml': PLUGIN },
      }),
    });
    const token = await running.admin.login('admin', running.adminPassword);
    ({ browser, context, page } = await signedInBrowser(running.url, token));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await kubectl(['-n', NS, 'delete', 'application', APP, '--wait=false']);
    await running?.stop();
    await kubectl(['delete', 'namespace', DEST, '--wait=false']);
    repo?.cleanup();
  });

  it('the create form shows the announced parameters with their defaults; the values typed render the app', async () => {
    await page.goto(`${running.url}/applications/new`);
    await page.getByLabel('Application name').fill(APP);
    await page.getByLabel('Project').selectOption('default');
    await page.getByLabel('Repository URL').fill(repo.url);
    await page.getByLabel('Path').fill('greet');
    await waitFor(async () => (await page.getByLabel('Source type options').inputValue()) === 'Plugin', {
      what: 'the plugin options for the discovered plugin',
      timeoutMs: 60_000,
    });
    // Static parameters with their defaults, and the dynamic one computed from the checkout.
    const greeting = page.getByLabel('Greeting *');
    const targets = page.getByLabel('Targets');
    const style = page.getByLabel('Style from blue');
    await style.waitFor({ timeout: 60_000 });
    assert.equal(await greeting.inputValue(), 'hello');
    assert.equal(await targets.inputValue(), 'world');
    assert.equal(await style.inputValue(), 'color=blue');
    assert.equal(await page.getByLabel('Plugin name').getAttribute('placeholder'), 'greeter');
    await greeting.fill('hola');
    await targets.fill('mundo\nmars');
    await style.fill('color=green');
    await page.getByLabel('Namespace', { exact: true }).fill(DEST);
    await screenshot(page, 'plugin-params-create');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: APP, level: 1 }).waitFor();

    const app = await kubectlJson<Application>(['-n', NS, 'get', 'application', APP]);
    const params = app.spec.source?.plugin?.parameters ?? [];
    const byName = new Map(params.map((p) => [p.name, p]));
    assert.equal(byName.get('greeting')?.string, 'hola', JSON.stringify(params));
    assert.deepEqual(byName.get('targets')?.array, ['mundo', 'mars'], JSON.stringify(params));
    assert.deepEqual(byName.get('style')?.map, { color: 'green' }, JSON.stringify(params));
    await kubectlOk(['create', 'namespace', DEST]);
    await running.admin.syncApplication(APP);
    await rendered(
      { greeting: 'hola', targets: 'mundo mars', color: 'green' },
      'the ConfigMap from the typed parameters',
    );
  });

  it('the Details tab edits a parameter; the next sync renders with it', async () => {
    await page.getByRole('tab', { name: 'Details' }).click();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const greeting = page.getByLabel('Greeting *');
    await greeting.waitFor({ timeout: 60_000 });
    assert.equal(await greeting.inputValue(), 'hola', 'the field shows the app’s value, not the default');
    assert.equal(await page.getByLabel('Targets').inputValue(), 'mundo\nmars');
    await greeting.fill('salut');
    await screenshot(page, 'plugin-params-edit');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitFor(
      async () => {
        const app = await kubectlJson<Application>(['-n', NS, 'get', 'application', APP]);
        const p = app.spec.source?.plugin?.parameters?.find((x) => x.name === 'greeting');
        return p?.string === 'salut' || undefined;
      },
      { what: 'spec.source.plugin.parameters to carry the edited greeting', timeoutMs: 30_000 },
    );
    await running.admin.syncApplication(APP);
    await rendered(
      { greeting: 'salut', targets: 'mundo mars', color: 'green' },
      'the ConfigMap from the edited parameter',
    );
  });
});
