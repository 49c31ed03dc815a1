// Config management plugins through `driftless server` (the process, with --plugin-dir): a plugin whose
// shell script builds a Deployment from the app's parameters and env syncs it Synced+Healthy; the same
// plugin failing is a ComparisonError carrying its stderr and nothing is pruned; a plugin from a
// labelled ConfigMap is picked by its discover file glob for an app that names no plugin; a plugin's
// parameters announcement (static, and its dynamic command reading the checkout) through the API; a
// script committed executable runs only for a plugin with preserveFileMode.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deploymentYaml } from './api-support.js';
import { randomSuffix } from './support/cluster.js';
import { comparisonErrorMatching, healthy, synced, waitForApp } from './support/controller.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { initialAdminPassword, startServerProcess, type ServerProcess } from './support/server-process.js';
import { TestNamespaces } from './support/fixtures.js';
import { TestRepo } from './support/git-repo.js';

const NS = `cmp-${randomSuffix()}`;
const run = randomSuffix(4);
const namespaces = new TestNamespaces();
const repo = new TestRepo();
const pluginDir = mkdtempSync(join(tmpdir(), 'driftless-e2e-plugins-'));
let server: ServerProcess;

// Fills the template in the source path from PARAM_* and ARGOCD_ENV_*; refuses when asked to fail.
const GENERATE = `set -e
if [ "\${PARAM_FAIL:-}" = "true" ]; then
  echo "generating for $ARGOCD_APP_NAME" >&2
  echo "error: refusing to generate $PARAM_NAME: fail=true" >&2
  exit 2
fi
sed -e "s/__NAME__/$PARAM_NAME/g" -e "s/replicas: 1/replicas: $PARAM_REPLICAS/" template.yaml
printf -- '---\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: %s-info\\ndata:\\n  stage: "%s"\\n  revision: "%s"\\n' \\
  "$PARAM_NAME" "$ARGOCD_ENV_STAGE" "$ARGOCD_APP_REVISION"
`;

const plugin = (name: string, spec: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: ConfigManagementPlugin\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

function application(
  name: string,
  path: string,
  dest: string,
  pluginBlock?: Record<string, unknown>,
): string {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: NS },
    spec: {
      project: 'default',
      source: {
        repoURL: repo.url,
        targetRevision: 'HEAD',
        path,
        ...(pluginBlock ? { plugin: pluginBlock } : {}),
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: dest },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
    },
  });
}

before(async () => {
  repo.write({
    'apps/templated/template.yaml': deploymentYaml('__NAME__', 1),
    'apps/discovered/names.cmp-list': `alpha-${run}\nbeta-${run}\n`,
    'apps/templated/params.list': 'api\nworker\n',
  });
  repo.commit('plugin sources');
  mkdirSync(join(pluginDir, 'templater'));
  writeFileSync(join(pluginDir, 'templater', 'generate.sh'), GENERATE);
  // Announces a static parameter and, from its dynamic command, one per line of the source's params.list.
  writeFileSync(
    join(pluginDir, 'announcer.yaml'),
    plugin(
      'announcer',
      '  generate:\n    command: [cat, template.yaml]\n  parameters:\n    static:\n' +
        '      - { name: stage, title: Stage, required: true, string: dev }\n' +
        '    dynamic:\n      command: [sh, -c]\n      args:\n        - |\n' +
        '          printf \'[\'; sep=; while read n; do printf \'%s{"name":"%s","title":"%s for %s","collectionType":"map","map":{"replicas":"1"}}\' "$sep" "$n" "$n" "$ARGOCD_APP_NAME"; sep=,; done < params.list; printf \']\'\n',
    ),
  );
  writeFileSync(
    join(pluginDir, 'templater', 'plugin.yaml'),
    plugin(
      'templater',
      '  version: v1\n  generate:\n    command: [sh, -c, \'sh "$DRIFTLESS_PLUGIN_PATH/generate.sh"\']\n',
    ),
  );
  await kubectlOk(['create', 'namespace', NS]);
  // A plugin held by a labelled ConfigMap, chosen by discovery: one ConfigMap per line of *.cmp-list.
  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'list-plugin',
        namespace: NS,
        labels: { 'driftless.io/config-management-plugin': 'true' },
      },
      data: {
        'plugin.yaml': plugin(
          'lister',
          '  discover:\n    fileName: "*.cmp-list"\n  generate:\n    command: [sh, -c]\n    args:\n      - |\n' +
            '        cat *.cmp-list | while read n; do printf -- \'---\\napiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: %s}\\n\' "$n"; done\n',
        ),
      },
    }),
  });
  server = await startServerProcess({
    namespace: NS,
    extraArgs: ['--insecure', '--install-crds', '--plugin-dir', pluginDir],
  });
});

after(async () => {
  await kubectl(['-n', NS, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await server.stop();
  await namespaces.cleanup(NS);
  repo.cleanup();
  rmSync(pluginDir, { recursive: true, force: true });
});

test('a plugin script renders from parameters and env (Synced+Healthy); failing, it is a ComparisonError with its stderr and nothing is pruned', async () => {
  const app = `templated-${run}`;
  const dest = namespaces.next('cmp-tpl');
  const name = `web-${run}`;
  const params = [
    { name: 'name', string: name },
    { name: 'replicas', string: '2' },
  ];
  const block = {
    name: 'templater-v1',
    env: [{ name: 'STAGE', value: 'prod-$ARGOCD_APP_NAME' }],
    parameters: params,
  };
  await kubectlOk(['apply', '-f', '-'], { input: application(app, 'apps/templated', dest, block) });
  const ok = await waitForApp(NS, app, 'Synced and Healthy', (a) => synced(a) && healthy(a), 120_000);
  assert.equal(ok.status?.sourceType, 'Plugin');
  assert.equal(
    await kubectlOk(['-n', dest, 'get', 'deployment', name, '-o', 'jsonpath={.spec.replicas}']),
    '2',
  );
  const info = await kubectlOk([
    '-n',
    dest,
    'get',
    'configmap',
    `${name}-info`,
    '-o',
    'jsonpath={.data.stage}/{.data.revision}',
  ]);
  assert.equal(info, `prod-${app}/${repo.head()}`);

  const failing = { ...block, parameters: [...params, { name: 'fail', string: 'true' }] };
  await kubectlOk([
    '-n',
    NS,
    'patch',
    'applications.argoproj.io',
    app,
    '--type',
    'merge',
    '-p',
    JSON.stringify({ spec: { source: { plugin: failing } } }),
  ]);
  await waitForApp(
    NS,
    app,
    'a ComparisonError with the plugin stderr',
    comparisonErrorMatching(
      /plugin templater-v1 generate failed: error: refusing to generate web-\w+: fail=true/,
    ),
    120_000,
  );
  // The failed render pruned nothing: the Deployment and its ConfigMap are still there.
  assert.equal(
    await kubectlOk(['-n', dest, 'get', 'deployment', name, '-o', 'jsonpath={.metadata.name}']),
    name,
  );
  assert.equal((await kubectl(['-n', dest, 'get', 'configmap', `${name}-info`])).code, 0);
});

test('an app that names no plugin is rendered by the ConfigMap plugin whose discover file glob matches', async () => {
  const app = `discovered-${run}`;
  const dest = namespaces.next('cmp-disc');
  await kubectlOk(['apply', '-f', '-'], { input: application(app, 'apps/discovered', dest) });
  const ok = await waitForApp(NS, app, 'Synced', synced, 120_000);
  assert.equal(ok.status?.sourceType, 'Plugin');
  for (const n of [`alpha-${run}`, `beta-${run}`])
    assert.equal(await kubectlOk(['-n', dest, 'get', 'configmap', n, '-o', 'jsonpath={.metadata.name}']), n);
});

test('appdetails answers a plugin source with its parameters announcement: the dynamic command’s, then static', async () => {
  const password = await initialAdminPassword(NS);
  const session = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  assert.equal(session.status, 200, await session.clone().text());
  const { token } = (await session.json()) as { token: string };
  const details = async (source: Record<string, unknown>) => {
    const res = await fetch(`${server.url}/api/v1/repositories/${encodeURIComponent(repo.url)}/appdetails`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        source: { repoURL: repo.url, targetRevision: 'HEAD', ...source },
        appName: `new-${run}`,
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const announced = await details({ path: 'apps/templated', plugin: { name: 'announcer' } });
  assert.equal(announced.status, 200, JSON.stringify(announced.body));
  const replicas = { replicas: '1' };
  assert.deepEqual(announced.body, {
    type: 'Plugin',
    plugin: {
      name: 'announcer',
      parametersAnnouncement: [
        { name: 'api', title: `api for new-${run}`, collectionType: 'map', map: replicas },
        { name: 'worker', title: `worker for new-${run}`, collectionType: 'map', map: replicas },
        { name: 'stage', title: 'Stage', required: true, string: 'dev' },
      ],
    },
  });
  // Discovery answers too (the ConfigMap plugin, announcing nothing); a path without a plugin has no plugin part.
  assert.deepEqual((await details({ path: 'apps/discovered' })).body, {
    type: 'Plugin',
    plugin: { name: 'lister', parametersAnnouncement: [] },
  });
  const missing = await details({ path: 'apps/templated', plugin: { name: 'nope' } });
  assert.equal(missing.status, 400, JSON.stringify(missing.body));
  assert.match(String(missing.body['message']), /nope/);
});

test('preserveFileMode: a script committed executable runs for the plugin that keeps file modes; without it, it may not', async () => {
  repo.write({
    'apps/exec/gen.sh': `#!/bin/sh\nprintf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: generated-${run}}\\n'\n`,
  });
  chmodSync(join(repo.dir, 'apps/exec/gen.sh'), 0o755);
  repo.commit('an executable generator');
  const modesPlugin = (name: string, preserve: boolean) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${name}-plugin`,
      namespace: NS,
      labels: { 'driftless.io/config-management-plugin': 'true' },
    },
    data: {
      'plugin.yaml': plugin(
        name,
        `${preserve ? '  preserveFileMode: true\n' : ''}  generate:\n    command: [./gen.sh]\n`,
      ),
    },
  });
  for (const [name, preserve] of [
    ['keeps-modes', true],
    ['strips-modes', false],
  ] as const)
    await kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(modesPlugin(name, preserve)) });
  const kept = `exec-kept-${run}`;
  const keptDest = namespaces.next('cmp-exec');
  await kubectlOk(['apply', '-f', '-'], {
    input: application(kept, 'apps/exec', keptDest, { name: 'keeps-modes' }),
  });
  await waitForApp(NS, kept, 'Synced', synced, 120_000);
  assert.equal(
    await kubectlOk([
      '-n',
      keptDest,
      'get',
      'configmap',
      `generated-${run}`,
      '-o',
      'jsonpath={.metadata.name}',
    ]),
    `generated-${run}`,
  );
  const stripped = `exec-stripped-${run}`;
  await kubectlOk(['apply', '-f', '-'], {
    input: application(stripped, 'apps/exec', namespaces.next('cmp-noexec'), { name: 'strips-modes' }),
  });
  await waitForApp(
    NS,
    stripped,
    'a ComparisonError: gen.sh arrived without its execute bit',
    comparisonErrorMatching(/plugin strips-modes generate failed: .*(permission denied|EACCES)/i),
    120_000,
  );
});
