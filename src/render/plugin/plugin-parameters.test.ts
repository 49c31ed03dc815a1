// A plugin's parameters announcement: the pure merge and parse, and through the RepoService with a real
// dynamic command in the sandbox (it sees the app's environment and reads the checkout).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RenderError } from '../errors.js';
import { RepoService } from '../repo-service.js';
import { repoWithFiles, writeFiles } from '../testing/fixture-repo.js';
import { parsePluginConfig } from './plugin-config.js';
import { announceParameters, parseDynamicAnnouncement } from './plugin-parameters.js';

const plugin = (name: string, spec: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: ConfigManagementPlugin\nmetadata:\n  name: ${name}\nspec:\n  generate:\n    command: [cat, out.yaml]\n${spec}`;

describe('plugin parameters announcement (pure)', () => {
  const p = parsePluginConfig(
    plugin(
      'p',
      '  parameters:\n    static:\n      - { name: replicas, title: Replicas, string: "1" }\n      - { name: env, collectionType: map }\n    dynamic: { command: [x] }\n',
    ),
    'test',
  );

  it('lists the dynamic command’s entries first, then the static ones; a repeated name keeps its first entry', async () => {
    const out = await announceParameters(p, () =>
      Promise.resolve(
        '[{"name":"replicas","string":"3","extra":true},{"name":"files","collectionType":"array"}]',
      ),
    );
    assert.deepEqual(out, [
      { name: 'replicas', string: '3' },
      { name: 'files', collectionType: 'array' },
      { name: 'env', collectionType: 'map' },
    ]);
  });

  it('takes no output as no parameters, and refuses output that is not a list of announcements', () => {
    assert.deepEqual(parseDynamicAnnouncement('  \n', p), []);
    assert.throws(
      () => parseDynamicAnnouncement('replicas: 1', p),
      (e: unknown) => e instanceof RenderError && /parameters\.dynamic .*printed no JSON/.test(e.message),
    );
    assert.throws(
      () => parseDynamicAnnouncement('[{"title":"no name"}]', p),
      (e: unknown) =>
        e instanceof RenderError &&
        /invalid announcement: 0\.name/.test(e.message) &&
        /JSON list/.test(e.hint ?? ''),
    );
  });

  it('runs no command for a plugin without a dynamic one', async () => {
    const staticOnly = parsePluginConfig(plugin('s', '  parameters:\n    static: [{ name: a }]\n'), 'test');
    const out = await announceParameters(staticOnly, () => Promise.reject(new Error('must not run')));
    assert.deepEqual(out, [{ name: 'a' }]);
  });
});

describe('plugin parameters announcement (RepoService, sandboxed command)', () => {
  let dir = '';
  let pluginDir = '';
  let cacheDir = '';
  let svc: RepoService;

  before(async () => {
    ({ dir } = await repoWithFiles({
      'app/services.txt': 'api\nworker\n',
      'plain/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\n',
    }));
    pluginDir = await mkdtemp(join(tmpdir(), 'driftless-cmp-params-plugins-'));
    cacheDir = await mkdtemp(join(tmpdir(), 'driftless-cmp-params-cache-'));
    // The dynamic command announces one map parameter whose default lists the checkout's services, and
    // echoes what it was given (the app name, an ARGOCD_ENV_ variable, a parameter) as titles.
    const dynamic = [
      'set -e',
      'entries=$(sed \'s/.*/"&":"1"/\' services.txt | paste -sd, -)',
      'printf \'[{"name":"replicas","collectionType":"map","map":{%s},"title":"%s %s %s"}]\' "$entries" "$ARGOCD_APP_NAME" "$ARGOCD_ENV_STAGE" "$PARAM_REGION"',
    ].join('\n');
    await writeFiles(pluginDir, {
      'announcer.yaml': plugin(
        'announcer',
        `  parameters:\n    static:\n      - { name: region, title: Region, required: true, string: eu }\n      - { name: files, collectionType: array, array: [a.yaml] }\n    dynamic:\n      command: [sh, -c]\n      args:\n        - ${JSON.stringify(dynamic)}\n`,
      ),
      'liar.yaml': plugin(
        'liar',
        '  parameters:\n    dynamic: { command: [sh, -c, "echo not json; echo oops >&2"] }\n',
      ),
    });
    svc = new RepoService({
      cacheDir,
      pluginDir,
      credentials: { accessFor: () => ({}), sshKnownHosts: () => '', tlsCertsFor: () => undefined },
    });
  });
  after(async () => {
    for (const d of [dir, pluginDir, cacheDir]) await rm(d, { recursive: true, force: true });
  });

  it('answers type Plugin with the announcement, the dynamic command reading the checkout and the app’s environment', async () => {
    const details = await svc.appDetails(
      {
        repoURL: `file://${dir}`,
        path: 'app',
        targetRevision: 'main',
        plugin: {
          name: 'announcer',
          env: [{ name: 'STAGE', value: 'prod' }],
          parameters: [{ name: 'region', string: 'us' }],
        },
      },
      {},
      { appName: 'web', appNamespace: 'argocd' },
    );
    assert.deepEqual(details, {
      type: 'Plugin',
      plugin: {
        name: 'announcer',
        parametersAnnouncement: [
          { name: 'replicas', collectionType: 'map', map: { api: '1', worker: '1' }, title: 'web prod us' },
          { name: 'region', title: 'Region', required: true, string: 'eu' },
          { name: 'files', collectionType: 'array', array: ['a.yaml'] },
        ],
      },
    });
  });

  it('reports a dynamic command that prints no JSON as an error naming the plugin; other sources have no plugin part', async () => {
    await assert.rejects(
      svc.appDetails({
        repoURL: `file://${dir}`,
        path: 'app',
        targetRevision: 'main',
        plugin: { name: 'liar' },
      }),
      (e: unknown) => e instanceof RenderError && /plugin liar parameters\.dynamic/.test(e.message),
    );
    assert.deepEqual(
      await svc.appDetails({ repoURL: `file://${dir}`, path: 'plain', targetRevision: 'main' }),
      {
        type: 'Directory',
      },
    );
  });
});
