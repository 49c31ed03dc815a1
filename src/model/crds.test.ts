// The shipped CRD files: generated from the schemas, structural, and shaped as Argo CD's are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildCrds,
  CRD_FILE_NAMES,
  crdFilePath,
  loadCrds,
  renderCrdYaml,
  structuralErrors,
  type CrdName,
} from './crds.js';
import { readFileSync } from 'node:fs';
import { isPlainObject, type KubeObject } from './kube-object.js';

type Json = Record<string, unknown>;

function field(obj: unknown, ...path: (string | number)[]): unknown {
  let cur = obj;
  for (const p of path) {
    if (Array.isArray(cur) && typeof p === 'number') cur = cur[p];
    else if (isPlainObject(cur) && typeof p === 'string') cur = cur[p];
    else return undefined;
  }
  return cur;
}

function version(crd: KubeObject): Json {
  const v = field(crd, 'spec', 'versions', 0);
  assert.ok(isPlainObject(v));
  return v;
}

function schemaOf(crd: KubeObject): unknown {
  return field(version(crd), 'schema', 'openAPIV3Schema');
}

const crds = loadCrds();
const byKind = new Map(crds.map((c) => [String(field(c, 'spec', 'names', 'kind')), c]));

test('deploy/crds files are exactly what the schemas generate (run scripts/gen-crds.mjs after a change)', () => {
  for (const [name, crd] of Object.entries(buildCrds())) {
    const onDisk = readFileSync(crdFilePath(name as CrdName), 'utf8');
    assert.equal(onDisk, renderCrdYaml(crd), `${CRD_FILE_NAMES[name as CrdName]} is stale`);
  }
});

test('names, scope and versions match Argo CD', () => {
  const cases: [string, string, string[]][] = [
    ['Application', 'applications.argoproj.io', ['app', 'apps']],
    ['AppProject', 'appprojects.argoproj.io', ['appproj', 'appprojs']],
    ['ApplicationSet', 'applicationsets.argoproj.io', ['appset', 'appsets']],
  ];
  assert.equal(crds.length, cases.length);
  for (const [kind, name, shortNames] of cases) {
    const crd = byKind.get(kind);
    assert.ok(crd, kind);
    assert.equal(crd.metadata.name, name);
    assert.equal(field(crd, 'spec', 'group'), 'argoproj.io');
    assert.equal(field(crd, 'spec', 'scope'), 'Namespaced');
    assert.deepEqual(field(crd, 'spec', 'names', 'shortNames'), shortNames);
    assert.equal(field(crd, 'spec', 'names', 'listKind'), `${kind}List`);
    const v = version(crd);
    assert.deepEqual([v['name'], v['served'], v['storage']], ['v1alpha1', true, true]);
  }
});

test('every schema is structural', () => {
  for (const crd of crds) assert.deepEqual(structuralErrors(schemaOf(crd)), [], crd.metadata.name);
});

test('required fields follow Argo CD', () => {
  const cases: [string, (string | number)[], string[]][] = [
    ['Application', [], ['metadata', 'spec']],
    ['Application', ['properties', 'spec'], ['destination', 'project']],
    ['Application', ['properties', 'spec', 'properties', 'source'], ['repoURL']],
    ['Application', ['properties', 'spec', 'properties', 'sources', 'items'], ['repoURL']],
    [
      'Application',
      ['properties', 'status', 'properties', 'operationState'],
      ['operation', 'phase', 'startedAt'],
    ],
    ['AppProject', [], ['metadata', 'spec']],
    ['AppProject', ['properties', 'spec', 'properties', 'roles', 'items'], ['name']],
    ['ApplicationSet', ['properties', 'spec'], ['generators', 'template']],
    [
      'ApplicationSet',
      ['properties', 'spec', 'properties', 'template', 'properties', 'spec'],
      ['destination', 'project'],
    ],
  ];
  for (const [kind, path, required] of cases) {
    const crd = byKind.get(kind);
    assert.ok(crd);
    assert.deepEqual(field(schemaOf(crd), ...path, 'required'), required, `${kind} ${path.join('.')}`);
  }
});

test('free-form fields keep what users write', () => {
  const app = schemaOf(byKind.get('Application') as KubeObject);
  const helm = field(app, 'properties', 'spec', 'properties', 'source', 'properties', 'helm', 'properties');
  assert.equal(field(helm, 'valuesObject', 'x-kubernetes-preserve-unknown-fields'), true);
  assert.equal(field(app, 'properties', 'status', 'x-kubernetes-preserve-unknown-fields'), true);
  const appset = schemaOf(byKind.get('ApplicationSet') as KubeObject);
  assert.equal(
    field(
      appset,
      'properties',
      'spec',
      'properties',
      'generators',
      'items',
      'x-kubernetes-preserve-unknown-fields',
    ),
    true,
  );
});

test('Application has a status subresource and Argo CD printer columns; AppProject has none', () => {
  const app = version(byKind.get('Application') as KubeObject);
  assert.deepEqual(app['subresources'], { status: {} });
  const columns = (app['additionalPrinterColumns'] as Json[]).map((c) => [c['name'], c['jsonPath']]);
  assert.deepEqual(columns.slice(0, 3), [
    ['Sync Status', '.status.sync.status'],
    ['Health Status', '.status.health.status'],
    ['Revision', '.status.sync.revision'],
  ]);
  assert.deepEqual(version(byKind.get('AppProject') as KubeObject)['subresources'], {});
});

test('structuralErrors finds what the apiserver rejects', () => {
  const cases: [string, unknown, RegExp][] = [
    ['root not an object', { type: 'string' }, /root must have type object/],
    ['node without type', { type: 'object', properties: { a: {} } }, /\.a: has no type/],
    [
      'properties with additionalProperties',
      {
        type: 'object',
        properties: { m: { type: 'object', properties: {}, additionalProperties: { type: 'string' } } },
      },
      /mutually exclusive/,
    ],
    ['array without items', { type: 'object', properties: { l: { type: 'array' } } }, /needs items/],
    [
      'typo in a keyword',
      { type: 'object', properties: { s: { type: 'string', requird: [] } } },
      /unknown schema keyword "requird"/,
    ],
    [
      'type inside anyOf',
      { type: 'object', properties: { x: { type: 'string', anyOf: [{ type: 'string' }] } } },
      /not allowed inside a junctor/,
    ],
    [
      'required names a missing property',
      { type: 'object', required: ['b'], properties: { a: { type: 'string' } } },
      /"b" is not a property/,
    ],
    [
      'metadata constrained',
      {
        type: 'object',
        properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } },
      },
      /only name and generateName/,
    ],
    [
      'preserve on a string',
      { type: 'object', properties: { s: { type: 'string', 'x-kubernetes-preserve-unknown-fields': true } } },
      /needs type object/,
    ],
  ];
  for (const [name, schema, expected] of cases) {
    const errors = structuralErrors(schema);
    assert.ok(
      errors.some((e) => expected.test(e)),
      `${name}: ${JSON.stringify(errors)}`,
    );
  }
  const intOrString = {
    type: 'object',
    properties: {
      c: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
    },
  };
  assert.deepEqual(structuralErrors(intOrString), []);
});

test('every object below the root keeps fields the schema does not name (nothing of Argo CD is pruned)', () => {
  const missing: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (!isPlainObject(node)) return;
    if (isPlainObject(node['properties'])) {
      if (node['x-kubernetes-preserve-unknown-fields'] !== true) missing.push(path);
      for (const [k, v] of Object.entries(node['properties'])) walk(v, `${path}.${k}`);
    }
    walk(node['items'], `${path}[]`);
    walk(node['additionalProperties'], `${path}{}`);
  };
  for (const crd of crds) {
    const props = field(schemaOf(crd), 'properties');
    assert.ok(isPlainObject(props));
    for (const [k, v] of Object.entries(props)) if (k !== 'metadata') walk(v, `${crd.metadata.name}.${k}`);
  }
  assert.deepEqual(missing, []);
});

test("Argo CD's newer fields are typed: spec.sourceHydrator, status.sourceHydrator", () => {
  const app = schemaOf(byKind.get('Application') as KubeObject);
  assert.deepEqual(field(app, 'properties', 'spec', 'properties', 'sourceHydrator', 'required'), [
    'drySource',
    'syncSource',
  ]);
  const status = field(app, 'properties', 'status', 'properties', 'sourceHydrator', 'properties');
  assert.equal(field(status, 'currentOperation', 'properties', 'drySHA', 'type'), 'string');
});
