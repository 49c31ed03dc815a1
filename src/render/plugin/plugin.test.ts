// Config management plugins through the RepoService with real shell scripts in the sandbox: the
// documented environment, init + generate, discovery (file name, find.glob, find.command), naming
// (`name-version`), ConfigMap plugins, failures with the stderr tail, file modes, and the pure parts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ApplicationSource } from '../../model/index.js';
import { RenderError } from '../errors.js';
import { RepoService } from '../repo-service.js';
import { git } from '../testing/fixture-repo.js';
import { parsePluginConfig } from './plugin-config.js';
import { paramEnvName, pluginEnv } from './plugin-env.js';
import { globMatches } from './plugin-select.js';

const plugin = (name: string, spec: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: ConfigManagementPlugin\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

// Prints one ConfigMap whose data is the plugin environment it was given.
const ENV_SCRIPT = `
  generate:
    command: [sh, -c]
    args:
      - |
        set -e
        FROM_INIT=$(cat from-init.txt)
        printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: %s\\ndata:\\n' "$ARGOCD_APP_NAME"
        for v in ARGOCD_APP_NAMESPACE ARGOCD_APP_REVISION ARGOCD_APP_SOURCE_PATH ARGOCD_APP_SOURCE_REPO_URL \\
          ARGOCD_APP_SOURCE_TARGET_REVISION ARGOCD_ENV_GREETING ARGOCD_APP_PARAMETERS PARAM_REPLICAS \\
          PARAM_HELM_PARAMETERS_IMAGE_TAG PARAM_VALUES_FILES_1 FROM_INIT; do
          eval "val=\\\${$v:-}"
          printf '  %s: %s\\n' "$v" "'$(printf %s "$val" | sed "s/'/''/g")'"
        done
  init:
    command: [sh, -c, 'echo init-ran > from-init.txt']
`;

describe('config management plugins (pure parts)', () => {
  it('names parameters as Argo CD escapes them', () => {
    assert.equal(paramEnvName('helm-parameters'), 'HELM_PARAMETERS');
    assert.equal(paramEnvName('image.tag'), 'IMAGE_TAG');
  });

  it('builds ARGOCD_ENV_*, ARGOCD_APP_PARAMETERS and PARAM_* from source.plugin', () => {
    const env = pluginEnv(
      {
        env: [{ name: 'WHO', value: 'app-$ARGOCD_APP_NAME' }],
        parameters: [
          { name: 'replicas', string: '3' },
          { name: 'values-files', array: ['a.yaml', 'b.yaml'] },
          { name: 'helm-parameters', map: { 'image.tag': 'v2' } },
        ],
      },
      { ARGOCD_APP_NAME: 'web' },
    );
    assert.equal(env['ARGOCD_ENV_WHO'], 'app-web');
    assert.equal(env['PARAM_REPLICAS'], '3');
    assert.equal(env['PARAM_VALUES_FILES_1'], 'b.yaml');
    assert.equal(env['PARAM_HELM_PARAMETERS_IMAGE_TAG'], 'v2');
    assert.deepEqual(JSON.parse(env['ARGOCD_APP_PARAMETERS'] ?? ''), [
      { name: 'replicas', string: '3' },
      { name: 'values-files', array: ['a.yaml', 'b.yaml'] },
      { name: 'helm-parameters', map: { 'image.tag': 'v2' } },
    ]);
  });

  it('reads plugin.yaml, names versioned plugins name-version, and refuses a bad one with the field', () => {
    const p = parsePluginConfig(plugin('cdk', '  version: v1.0\n  generate:\n    command: [cat]\n'), 'x');
    assert.equal(p.name, 'cdk-v1.0');
    assert.throws(
      () => parsePluginConfig(plugin('cdk', '  generate: {}\n'), 'plugins/cdk.yaml'),
      /plugins\/cdk\.yaml: not a valid ConfigManagementPlugin: spec\.generate\.command/,
    );
  });

  it('matches discover globs as Go does: a pattern without / only at the top', () => {
    assert.equal(globMatches('*.cue', ['sub/a.cue']), false);
    assert.equal(globMatches('**/*.cue', ['sub/a.cue']), true);
    assert.equal(globMatches('main.cue', ['main.cue']), true);
  });
});

describe('config management plugins (RepoService, sandboxed shell scripts)', () => {
  let dir = '';
  let pluginDir = '';
  let cacheDir = '';
  let url = '';
  const configMaps: { origin: string; text: string }[] = [];
  let svc: RepoService;
  const render = (source: Omit<ApplicationSource, 'repoURL'>, appName = 'cmp-app') =>
    svc.render({
      appName,
      appNamespace: 'argocd',
      destinationNamespace: 'default',
      source: { repoURL: url, targetRevision: 'main', ...source },
    });
  const put = async (root: string, rel: string, text: string) => {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), text);
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'driftless-cmp-repo-'));
    pluginDir = await mkdtemp(join(tmpdir(), 'driftless-cmp-plugins-'));
    cacheDir = await mkdtemp(join(tmpdir(), 'driftless-cmp-cache-'));
    await put(dir, 'envapp/README', 'x');
    await put(dir, 'cueapp/main.cue', '{}');
    await put(dir, 'deep/sub/x.jsonnetx', '{}');
    await put(dir, 'marked/.use-marker', '');
    await put(dir, 'plain/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\n');
    await put(dir, 'exec/run.sh', '#!/bin/sh\n');
    await chmod(join(dir, 'exec/run.sh'), 0o755);
    await git(dir, 'init', '--quiet', '--initial-branch=main');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '--quiet', '-m', 'apps');
    url = `file://${dir}`;
    await put(pluginDir, 'env.yaml', plugin('envdump', ENV_SCRIPT));
    await put(
      pluginDir,
      'cue.yaml',
      plugin(
        'cue',
        '  version: v2\n  discover:\n    fileName: "*.cue"\n  generate:\n    command: [sh, -c, "echo \'{apiVersion: v1, kind: ConfigMap, metadata: {name: cue}}\'"]\n',
      ),
    );
    await put(
      pluginDir,
      'deep/plugin.yaml',
      plugin(
        'deep',
        '  discover:\n    find:\n      glob: "**/*.jsonnetx"\n  generate:\n    command: [sh, -c, \'sh "$DRIFTLESS_PLUGIN_PATH/gen.sh"\']\n',
      ),
    );
    await put(pluginDir, 'deep/gen.sh', "echo '{apiVersion: v1, kind: ConfigMap, metadata: {name: deep}}'\n");
    await put(
      pluginDir,
      'marker.yaml',
      plugin(
        'marker',
        '  discover:\n    find:\n      command: [sh, -c, "ls -a | grep -x .use-marker || true"]\n  generate:\n    command: [sh, -c, "echo \'{apiVersion: v1, kind: ConfigMap, metadata: {name: marker}}\'"]\n',
      ),
    );
    await put(
      pluginDir,
      'fails.yaml',
      plugin(
        'fails',
        '  generate:\n    command: [sh, -c, "echo progress; echo \\"error: cannot build $ARGOCD_ENV_WHAT\\" >&2; exit 3"]\n',
      ),
    );
    await put(
      pluginDir,
      'modes.yaml',
      plugin(
        'modes',
        '  preserveFileMode: true\n  generate:\n    command: [sh, -c, "test -x run.sh && echo \'{apiVersion: v1, kind: ConfigMap, metadata: {name: exec}}\'"]\n',
      ),
    );
    await put(
      pluginDir,
      'nomodes.yaml',
      plugin(
        'nomodes',
        '  generate:\n    command: [sh, -c, "test -x run.sh || echo \'{apiVersion: v1, kind: ConfigMap, metadata: {name: noexec}}\'"]\n',
      ),
    );
    await put(pluginDir, 'broken.yaml', 'kind: Nope\n');
    svc = new RepoService({
      cacheDir,
      pluginDir,
      credentials: {
        accessFor: () => ({}),
        sshKnownHosts: () => '',
        tlsCertsFor: () => undefined,
        pluginConfigs: () => configMaps,
      },
    });
  });
  after(async () => {
    for (const d of [dir, pluginDir, cacheDir]) await rm(d, { recursive: true, force: true });
  });

  it('gives generate the documented environment and runs init first, in a copy it may write', async () => {
    const res = await render({
      path: 'envapp',
      plugin: {
        name: 'envdump',
        env: [{ name: 'GREETING', value: 'hi $ARGOCD_APP_NAME' }],
        parameters: [
          { name: 'replicas', string: '2' },
          { name: 'helm-parameters', map: { 'image.tag': 'v9' } },
          { name: 'values-files', array: ['a', 'b'] },
        ],
      },
    });
    assert.equal(res.sourceType, 'Plugin');
    const cm = res.objects[0] as unknown as { metadata: { name: string }; data: Record<string, string> };
    assert.equal(cm.metadata.name, 'cmp-app');
    assert.equal(cm.data['ARGOCD_APP_NAMESPACE'], 'argocd');
    assert.equal(cm.data['ARGOCD_APP_REVISION'], res.revision);
    assert.equal(cm.data['ARGOCD_APP_SOURCE_PATH'], 'envapp');
    assert.equal(cm.data['ARGOCD_APP_SOURCE_REPO_URL'], url);
    assert.equal(cm.data['ARGOCD_APP_SOURCE_TARGET_REVISION'], 'main');
    assert.equal(cm.data['ARGOCD_ENV_GREETING'], 'hi cmp-app');
    assert.equal(cm.data['PARAM_REPLICAS'], '2');
    assert.equal(cm.data['PARAM_HELM_PARAMETERS_IMAGE_TAG'], 'v9');
    assert.equal(cm.data['PARAM_VALUES_FILES_1'], 'b');
    assert.equal(cm.data['FROM_INIT'], 'init-ran');
    assert.equal(JSON.parse(cm.data['ARGOCD_APP_PARAMETERS'] ?? '')[0].string, '2');
  });

  it('discovers by fileName glob, find.glob (with its own folder of scripts) and find.command', async () => {
    assert.equal((await render({ path: 'cueapp', plugin: {} })).objects[0]?.metadata.name, 'cue');
    assert.equal(
      (await render({ path: 'cueapp', plugin: { name: 'cue-v2' } })).objects[0]?.metadata.name,
      'cue',
    );
    assert.equal((await render({ path: 'deep' })).objects[0]?.metadata.name, 'deep');
    assert.equal((await render({ path: 'marked' })).objects[0]?.metadata.name, 'marker');
    const plain = await render({ path: 'plain' });
    assert.equal(plain.sourceType, 'Directory');
    assert.equal(plain.objects[0]?.metadata.name, 'plain');
  });

  it('strips execute bits unless preserveFileMode', async () => {
    assert.equal(
      (await render({ path: 'exec', plugin: { name: 'modes' } })).objects[0]?.metadata.name,
      'exec',
    );
    assert.equal(
      (await render({ path: 'exec', plugin: { name: 'nomodes' } })).objects[0]?.metadata.name,
      'noexec',
    );
  });

  it('reports a failing generate with its stderr, an unknown plugin with the known ones and broken files', async () => {
    await assert.rejects(
      render({ path: 'envapp', plugin: { name: 'fails', env: [{ name: 'WHAT', value: 'widgets' }] } }),
      (e: unknown) =>
        e instanceof RenderError &&
        e.tool === 'plugin' &&
        /plugin fails generate failed: error: cannot build widgets/.test(e.message),
    );
    await assert.rejects(
      render({ path: 'envapp', plugin: { name: 'nope' } }),
      (e: unknown) =>
        e instanceof RenderError &&
        e.reason === 'PluginNotFound' &&
        /known plugins: .*envdump/.test(e.message) &&
        /broken\.yaml: not a valid ConfigManagementPlugin/.test(e.message),
    );
    await assert.rejects(
      render({ path: 'envapp', plugin: {} }),
      /no config management plugin's discover rule matches/,
    );
  });

  it('reads plugins from ConfigMaps and renders again when one changes', async () => {
    configMaps.push({
      origin: 'ConfigMap cm-plugin/plugin.yaml',
      text: plugin(
        'from-cm',
        '  generate:\n    command: [sh, -c, "echo \'{apiVersion: v1, kind: ConfigMap, metadata: {name: one}}\'"]\n',
      ),
    });
    assert.equal(
      (await render({ path: 'envapp', plugin: { name: 'from-cm' } })).objects[0]?.metadata.name,
      'one',
    );
    configMaps[0] = {
      origin: 'ConfigMap cm-plugin/plugin.yaml',
      text: (configMaps[0]?.text ?? '').replace('name: one', 'name: two'),
    };
    assert.equal(
      (await render({ path: 'envapp', plugin: { name: 'from-cm' } })).objects[0]?.metadata.name,
      'two',
    );
  });
});
