// Table of Application specs and the exact messages validateApplication gives for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateApplication } from './validate-application.js';

type Spec = Record<string, unknown>;

function app(spec: Spec, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'guestbook', namespace: 'argocd' },
    spec,
    ...extra,
  };
}

const source = {
  repoURL: 'https://github.com/argoproj/argocd-example-apps.git',
  path: 'guestbook',
  targetRevision: 'HEAD',
};
const destination = { server: 'https://kubernetes.default.svc', namespace: 'guestbook' };
const base: Spec = { project: 'default', source, destination };

function withSpec(patch: Spec): Record<string, unknown> {
  return app({ ...base, ...patch });
}

test('valid applications pass and come back typed', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['minimal git directory', app(base)],
    ['destination by name', withSpec({ destination: { name: 'in-cluster', namespace: 'x' } })],
    ['empty project reads as default', withSpec({ project: '' })],
    [
      'helm chart from a helm repo',
      withSpec({
        source: {
          repoURL: 'https://charts.example.com',
          chart: 'nginx',
          targetRevision: '1.2.3',
          helm: { valuesObject: { a: { b: [1] } }, parameters: [{ name: 'x', value: '1' }] },
        },
      }),
    ],
    ['one entry in sources', withSpec({ source: undefined, sources: [source] })],
    [
      'several sources with a ref',
      withSpec({ source: undefined, sources: [source, { ...source, ref: 'values' }] }),
    ],
    [
      'kustomize int-or-string replicas',
      withSpec({
        source: {
          ...source,
          kustomize: {
            replicas: [
              { name: 'web', count: 3 },
              { name: 'api', count: '2' },
            ],
          },
        },
      }),
    ],
    [
      'full sync policy',
      withSpec({
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true'],
          retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
        },
      }),
    ],
    [
      'backoff in bare seconds and compound durations',
      withSpec({ syncPolicy: { retry: { backoff: { duration: '10', maxDuration: '1h30m' } } } }),
    ],
    ['automated: null', withSpec({ syncPolicy: { automated: null } })],
    ['path "." and nested paths', withSpec({ source: { ...source, path: './apps/web' } })],
    ["unknown fields are Argo CD's, kept", withSpec({ futureField: { x: 1 } })],
    [
      'ignoreDifferences and info',
      withSpec({
        ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
        info: [{ name: 'url', value: 'https://x' }],
      }),
    ],
  ];
  for (const [name, input] of cases) {
    const r = validateApplication(input);
    assert.ok(r.ok, `${name}: ${r.ok ? '' : r.errors.join('; ')}`);
    assert.equal(r.app.metadata.name, 'guestbook');
  }
});

test('invalid applications give actionable messages', () => {
  const cases: [string, unknown, string[]][] = [
    ['not an object', 'hello', ['(object): must be an object (got string "hello")']],
    ['wrong kind', app(base, { kind: 'AppProject' }), ['kind: must be Application']],
    ['no name', app(base, { metadata: {} }), ['metadata.name: required']],
    [
      'no project',
      app({ source, destination }),
      ['spec.project: required (name an AppProject, e.g. "default")'],
    ],
    ['no destination', app({ project: 'default', source }), ['spec.destination: required']],
    [
      'server and name',
      withSpec({ destination: { server: 'https://x', name: 'x' } }),
      ['spec.destination: set either server or name (not both)'],
    ],
    [
      'neither server nor name',
      withSpec({ destination: { namespace: 'x' } }),
      ['spec.destination: set either server or name (not both)'],
    ],
    ['no repoURL', withSpec({ source: { path: 'x' } }), ['spec.source.repoURL: required']],
    ['empty repoURL', withSpec({ source: { repoURL: '' } }), ['spec.source.repoURL: required']],
    [
      'no source at all',
      app({ project: 'default', destination }),
      ['spec.source and spec.sources: set exactly one'],
    ],
    [
      'source and sources',
      withSpec({ sources: [source] }),
      ['spec.source and spec.sources: set exactly one'],
    ],
    [
      'empty sources',
      withSpec({ source: undefined, sources: [] }),
      ['spec.source and spec.sources: set exactly one'],
    ],
    [
      'two sources with the same ref',
      withSpec({
        source: undefined,
        sources: [
          { ...source, ref: 'values' },
          { ...source, ref: 'values' },
        ],
      }),
      ['spec.sources: two sources have the same ref'],
    ],
    [
      'a ref that cannot be written as $ref/path',
      withSpec({ source: undefined, sources: [source, { ...source, ref: 'my values' }] }),
      ['spec.sources: ref "my values" must be letters, digits, - or _ (used as $my values/path)'],
    ],
    [
      'plugin and directory',
      withSpec({ source: { ...source, plugin: { name: 'cdk8s' }, directory: {} } }),
      ['spec.source: set at most one of helm, kustomize, directory, plugin (found directory, plugin)'],
    ],
    [
      'absolute path',
      withSpec({ source: { ...source, path: '/etc' } }),
      ['spec.source.path: "/etc" is absolute; give a path relative to the repository root'],
    ],
    [
      'path with ..',
      withSpec({ source: { ...source, path: 'apps/../../other' } }),
      ['spec.source.path: "apps/../../other" contains ".."; a path must stay inside its repository'],
    ],
    [
      '.. inside sources',
      withSpec({ source: undefined, sources: [{ ...source, path: '..' }] }),
      ['spec.sources[0].path: ".." contains ".."; a path must stay inside its repository'],
    ],
    [
      'helm and kustomize',
      withSpec({ source: { ...source, helm: {}, kustomize: {} } }),
      ['spec.source: set at most one of helm, kustomize, directory, plugin (found helm, kustomize)'],
    ],
    [
      'bad backoff duration',
      withSpec({ syncPolicy: { retry: { backoff: { duration: '5x' } } } }),
      ['spec.syncPolicy.retry.backoff.duration: "5x" is not a duration (use e.g. 5s, 2m)'],
    ],
    [
      'bad maxDuration',
      withSpec({ syncPolicy: { retry: { backoff: { maxDuration: 'soon' } } } }),
      ['spec.syncPolicy.retry.backoff.maxDuration: "soon" is not a duration (use e.g. 5s, 2m)'],
    ],
    [
      'factor 0',
      withSpec({ syncPolicy: { retry: { backoff: { factor: 0 } } } }),
      ['spec.syncPolicy.retry.backoff.factor: 0 would not grow the delay; use 1 or more (default 2)'],
    ],
    [
      'limit as a string',
      withSpec({ syncPolicy: { retry: { limit: '5' } } }),
      ['spec.syncPolicy.retry.limit: must be a number (got string "5")'],
    ],
    [
      'limit not whole',
      withSpec({ syncPolicy: { retry: { limit: 1.5 } } }),
      ['spec.syncPolicy.retry.limit: must be an integer (got number 1.5)'],
    ],
    [
      'sync option without =',
      withSpec({ syncPolicy: { syncOptions: ['CreateNamespace'] } }),
      ['spec.syncPolicy.syncOptions[0]: "CreateNamespace" is not Key=Value (e.g. CreateNamespace=true)'],
    ],
    [
      'prune as a string',
      withSpec({ syncPolicy: { automated: { prune: 'yes' } } }),
      ['spec.syncPolicy.automated.prune: must be true or false (got string "yes")'],
    ],
    [
      'ignoreDifferences without kind',
      withSpec({ ignoreDifferences: [{ group: 'apps' }] }),
      ['spec.ignoreDifferences[0].kind: required'],
    ],
    [
      'negative history limit',
      withSpec({ revisionHistoryLimit: -1 }),
      ['spec.revisionHistoryLimit: must be 0 or more'],
    ],
    [
      'replica count as a list',
      withSpec({ source: { ...source, kustomize: { replicas: [{ name: 'w', count: [] }] } } }),
      ['spec.source.kustomize.replicas[0].count: must be an integer or a string'],
    ],
    [
      'type and rule errors together',
      withSpec({ source: { path: '../x' }, destination: {} }),
      [
        'spec.source.repoURL: required',
        'spec.destination: set either server or name (not both)',
        'spec.source.path: "../x" contains ".."; a path must stay inside its repository',
      ],
    ],
  ];
  for (const [name, input, expected] of cases) {
    const r = validateApplication(input);
    assert.equal(r.ok, false, name);
    if (!r.ok) assert.deepEqual(r.errors, expected, name);
  }
});
