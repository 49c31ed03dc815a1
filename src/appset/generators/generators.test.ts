// Each generator on plain objects: list, clusters, git (a real directory as the checkout), matrix, merge,
// plugin (a real local HTTP server), clusterDecisionResource, and selectors.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { httpCall } from '../../common/outbound-http.js';
import { inClusterEntry } from '../../model/cluster-secret.js';
import { GeneratorError } from '../params.js';
import { cluster, ctxOf, fakeDeps } from '../testing/deps.js';
import { generateClusters } from './clusters.js';
import { runGenerators } from './generate.js';
import { generateGit } from './git.js';
import { generateList } from './list.js';

describe('list generator', () => {
  test('fasttemplate params: strings, and values.* flattened', () => {
    const out = generateList(
      { elements: [{ cluster: 'dev', url: 'https://1.2.3.4', values: { tier: 'a' } }] },
      ctxOf(false),
    );
    assert.deepEqual(out, [{ cluster: 'dev', url: 'https://1.2.3.4', 'values.tier': 'a' }]);
  });
  test('a non-string value needs goTemplate', () => {
    assert.throws(() => generateList({ elements: [{ n: 1 }] }, ctxOf(false)), GeneratorError);
    assert.deepEqual(generateList({ elements: [{ n: 1, m: { a: [1] } }] }, ctxOf(true)), [
      { n: 1, m: { a: [1] } },
    ]);
  });
  test('elementsYaml adds elements after elements', () => {
    const out = generateList({ elements: [{ a: 'x' }], elementsYaml: '- a: y\n- a: z\n' }, ctxOf(false));
    assert.deepEqual(out, [{ a: 'x' }, { a: 'y' }, { a: 'z' }]);
    assert.throws(() => generateList({ elementsYaml: 'a: b' }, ctxOf(false)), /list of objects/);
  });
});

describe('clusters generator', () => {
  const deps = fakeDeps({
    clusters: () => [
      inClusterEntry(),
      cluster('prod-eu', 'https://eu:6443', { env: 'production' }),
      cluster('Staging_1', 'https://st:6443', { env: 'staging' }),
    ],
  });
  test('no selector: every cluster, in-cluster included; fasttemplate params flat', () => {
    const out = generateClusters({}, ctxOf(false, deps));
    assert.deepEqual(
      out.map((p) => p['name']),
      ['in-cluster', 'prod-eu', 'Staging_1'],
    );
    const st = out[2] ?? {};
    assert.equal(st['nameNormalized'], 'staging-1');
    assert.equal(st['metadata.labels.env'], 'staging');
    assert.equal(st['metadata.labels.argocd.argoproj.io/secret-type'], 'cluster');
    assert.equal(st['metadata.annotations.owner'], 'team-a');
  });
  test('a selector leaves in-cluster out and filters by Secret labels; values are templated', () => {
    const out = generateClusters(
      { selector: { matchLabels: { env: 'production' } }, values: { rev: '{{name}}-main' } },
      ctxOf(false, deps),
    );
    assert.deepEqual(out, [
      {
        name: 'prod-eu',
        nameNormalized: 'prod-eu',
        server: 'https://eu:6443',
        project: '',
        'metadata.labels.env': 'production',
        'metadata.labels.argocd.argoproj.io/secret-type': 'cluster',
        'metadata.annotations.owner': 'team-a',
        'values.rev': 'prod-eu-main',
      },
    ]);
  });
  test('goTemplate params are nested; matchExpressions work', () => {
    const out = generateClusters(
      {
        selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['staging'] }] },
        values: { x: '{{ .name | lower }}' },
      },
      ctxOf(true, deps),
    );
    assert.equal(out.length, 1);
    assert.deepEqual((out[0]?.['metadata'] as { labels: Record<string, string> }).labels.env, 'staging');
    assert.deepEqual(out[0]?.['values'], { x: 'staging_1' });
  });
});

describe('git generator', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'appset-git-'));
    const files: Record<string, string> = {
      'apps/web/overlays/prod/k.yaml': 'x: 1',
      'apps/web/overlays/staging/k.yaml': 'x: 1',
      'apps/api/overlays/prod/k.yaml': 'x: 1',
      'apps/api/base/k.yaml': 'x: 1',
      'clusters/eu/prod/config.json': JSON.stringify({
        cluster: { name: 'eu', address: 'https://eu' },
        n: 2,
      }),
      'clusters/us/config.yaml': '- cluster: {name: us1}\n- cluster: {name: us2}\n',
      '.git/config': '',
    };
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), c);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));
  const deps = () => fakeDeps({ checkout: () => Promise.resolve({ sha: 'abc', root }) });

  test('directories: include and exclude patterns, * stays within one segment', async () => {
    const out = await generateGit(
      {
        repoURL: 'r',
        directories: [{ path: 'apps/*/overlays/*' }, { path: 'apps/api/*/prod', exclude: true }],
      },
      ctxOf(false, deps()),
    );
    assert.deepEqual(out, [
      {
        path: 'apps/web/overlays/prod',
        'path.basename': 'prod',
        'path.basenameNormalized': 'prod',
        'path[0]': 'apps',
        'path[1]': 'web',
        'path[2]': 'overlays',
        'path[3]': 'prod',
      },
      {
        path: 'apps/web/overlays/staging',
        'path.basename': 'staging',
        'path.basenameNormalized': 'staging',
        'path[0]': 'apps',
        'path[1]': 'web',
        'path[2]': 'overlays',
        'path[3]': 'staging',
      },
    ]);
  });
  test('directories with pathParamPrefix and goTemplate', async () => {
    const [first] = await generateGit(
      { repoURL: 'r', pathParamPrefix: 'app', directories: [{ path: 'apps/api/base' }] },
      ctxOf(true, deps()),
    );
    assert.deepEqual(first, {
      app: {
        path: {
          path: 'apps/api/base',
          basename: 'base',
          basenameNormalized: 'base',
          segments: ['apps', 'api', 'base'],
        },
      },
    });
  });
  test('files: JSON and YAML (a list gives one set per item), globs cross folders, content flattened', async () => {
    const out = await generateGit(
      { repoURL: 'r', files: [{ path: 'clusters/**/config.*' }] },
      ctxOf(false, deps()),
    );
    assert.deepEqual(
      out.map((p) => [p['cluster.name'], p['path'], p['path.filename'], p['path.basename']]),
      [
        ['eu', 'clusters/eu/prod', 'config.json', 'prod'],
        ['us1', 'clusters/us', 'config.yaml', 'us'],
        ['us2', 'clusters/us', 'config.yaml', 'us'],
      ],
    );
    assert.equal(out[0]?.['n'], '2');
    assert.equal(out[0]?.['path[1]'], 'eu');
  });
  test('files with goTemplate keep the structure', async () => {
    const [eu] = await generateGit(
      { repoURL: 'r', files: [{ path: 'clusters/eu/*/config.json' }] },
      ctxOf(true, deps()),
    );
    assert.deepEqual(eu?.['cluster'], { name: 'eu', address: 'https://eu' });
    assert.equal((eu?.['path'] as { filenameNormalized: string }).filenameNormalized, 'config.json');
  });

  test('matrix: git directories × list, the list interpolated with each directory', async () => {
    const ctx = ctxOf(false, deps(), {
      generators: [
        {
          matrix: {
            generators: [
              { git: { repoURL: 'r', directories: [{ path: 'apps/*/overlays/prod' }] } },
              { list: { elements: [{ env: '{{path[1]}}-env' }] } },
            ],
          },
        },
      ],
    });
    const [r] = await runGenerators(ctx);
    assert.deepEqual(
      r?.params.map((p) => [p['path'], p['env']]),
      [
        ['apps/api/overlays/prod', 'api-env'],
        ['apps/web/overlays/prod', 'web-env'],
      ],
    );
  });
});

describe('matrix, merge and selectors', () => {
  const clusters = fakeDeps({
    clusters: () => [cluster('a', 'https://a', { env: 'prod' }), cluster('b', 'https://b', { env: 'dev' })],
  });
  test('matrix: conflicting flat keys are an error, as in Argo CD', async () => {
    const ctx = ctxOf(false, clusters, {
      generators: [
        { matrix: { generators: [{ clusters: {} }, { list: { elements: [{ name: 'other' }] } }] } },
      ],
    });
    await assert.rejects(runGenerators(ctx), /found duplicate key name with different value/);
  });
  test('matrix needs exactly two children; nesting deeper than two levels is refused', async () => {
    const one = ctxOf(false, clusters, { generators: [{ matrix: { generators: [{ clusters: {} }] } }] });
    await assert.rejects(runGenerators(one), /exactly two/);
    const list = { list: { elements: [{ a: 'b' }] } };
    const deep = ctxOf(false, clusters, {
      generators: [
        {
          matrix: {
            generators: [list, { matrix: { generators: [list, { matrix: { generators: [list, list] } }] } }],
          },
        },
      ],
    });
    await assert.rejects(runGenerators(deep), /at most two levels/);
  });
  test('merge: later generators override the base by merge keys; unmatched base sets stay', async () => {
    const ctx = ctxOf(false, clusters, {
      generators: [
        {
          merge: {
            mergeKeys: ['server'],
            generators: [
              { clusters: { values: { replicas: '1' } } },
              { list: { elements: [{ server: 'https://b', 'values.replicas': '3' }] } },
            ],
          },
        },
      ],
    });
    const [r] = await runGenerators(ctx);
    assert.deepEqual(
      r?.params.map((p) => [p['name'], p['values.replicas']]),
      [
        ['a', '1'],
        ['b', '3'],
      ],
    );
  });
  test('a selector on a generator filters its parameter sets', async () => {
    const ctx = ctxOf(false, clusters, {
      generators: [{ clusters: {}, selector: { matchLabels: { 'metadata.labels.env': 'dev' } } }],
    });
    const [r] = await runGenerators(ctx);
    assert.deepEqual(
      r?.params.map((p) => p['name']),
      ['b'],
    );
  });
  test('a generator with two kinds, or none, is refused', async () => {
    await assert.rejects(runGenerators(ctxOf(false, clusters, { generators: [{}] })), /must be one of/);
    await assert.rejects(
      runGenerators(ctxOf(false, clusters, { generators: [{ clusters: {}, list: { elements: [] } }] })),
      /exactly one kind/,
    );
  });
  test('clusterDecisionResource: clusters named in a resource status', async () => {
    const deps = fakeDeps({
      clusters: clusters.clusters,
      object: (kind, name) =>
        kind === 'ConfigMap' && name === 'ocm'
          ? {
              apiVersion: 'v1',
              kind,
              metadata: { name },
              data: {
                apiVersion: 'cluster.open-cluster-management.io/v1beta1',
                kind: 'PlacementDecision',
                statusListKey: 'decisions',
                matchKey: 'clusterName',
              },
            }
          : undefined,
      list: () =>
        Promise.resolve([
          {
            apiVersion: 'x/v1',
            kind: 'PlacementDecision',
            metadata: { name: 'pd', labels: { p: '1' } },
            status: { decisions: [{ clusterName: 'b', reason: 'fit' }, { clusterName: 'gone' }] },
          },
        ]),
    });
    const ctx = ctxOf(false, deps, {
      generators: [
        { clusterDecisionResource: { configMapRef: 'ocm', labelSelector: { matchLabels: { p: '1' } } } },
      ],
    });
    const [r] = await runGenerators(ctx);
    assert.deepEqual(r?.params, [{ clusterName: 'b', reason: 'fit', name: 'b', server: 'https://b' }]);
    assert.equal(r?.requeueAfterSeconds, 180);
  });
});

describe('plugin generator (a real HTTP service)', () => {
  let url = '';
  const seen: { auth?: string | undefined; body?: unknown }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ auth: req.headers.authorization, body: JSON.parse(body) });
      if (req.url !== '/api/v1/getparams.execute') return res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ output: { parameters: [{ name: 'p1', nested: { k: 'v' } }] } }));
    });
  });
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());
  const deps = () =>
    fakeDeps({
      http: httpCall,
      object: (kind, name) => {
        if (kind === 'ConfigMap' && name === 'plugin')
          return {
            apiVersion: 'v1',
            kind,
            metadata: { name },
            data: { baseUrl: `${url}/`, token: '$plugin-secret:token' },
          };
        if (kind === 'Secret' && name === 'plugin-secret')
          return {
            apiVersion: 'v1',
            kind,
            metadata: { name },
            data: { token: Buffer.from('s3cret').toString('base64') },
          };
        return undefined;
      },
    });
  test('posts input.parameters with the token, returns the output parameters (+ generator.input), requeue', async () => {
    const ctx = ctxOf(false, deps(), {
      generators: [
        {
          plugin: {
            configMapRef: { name: 'plugin' },
            input: { parameters: { team: 'a' } },
            requeueAfterSeconds: 30,
          },
        },
      ],
    });
    const [r] = await runGenerators(ctx);
    assert.deepEqual(r?.params, [{ name: 'p1', 'nested.k': 'v', 'generator.input.parameters.team': 'a' }]);
    assert.equal(r?.requeueAfterSeconds, 30);
    assert.equal(seen.at(-1)?.auth, 'Bearer s3cret');
    assert.deepEqual(seen.at(-1)?.body, { applicationSetName: 'set', input: { parameters: { team: 'a' } } });
  });
  test('a missing ConfigMap is a clear error', async () => {
    const ctx = ctxOf(false, deps(), { generators: [{ plugin: { configMapRef: { name: 'nope' } } }] });
    await assert.rejects(runGenerators(ctx), /ConfigMap nope not found/);
  });
});
