import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jqPaths, jqValues } from './jq-eval.js';
import { JqSyntaxError, parseJq } from './jq-parse.js';
import { formatPath } from './path.js';

const doc = {
  metadata: { annotations: { 'a.b/c': 'x' }, labels: { app: 'web' } },
  spec: {
    replicas: 3,
    containers: [
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] },
      { name: 'istio-proxy', image: 'proxy:1' },
    ],
  },
};

test('selects paths for the expressions people use', () => {
  const cases: [string, string[]][] = [
    ['.spec.replicas', ['spec.replicas']],
    ['.spec.containers[0].image', ['spec.containers[0].image']],
    ['.spec.containers[-1].name', ['spec.containers[1].name']],
    ['.spec.containers[]', ['spec.containers[0]', 'spec.containers[1]']],
    ['.spec.containers[] | select(.name == "istio-proxy")', ['spec.containers[1]']],
    ['.spec.containers[] | select(.name != "app") | .image', ['spec.containers[1].image']],
    ['.spec.containers[] | select(.name | startswith("istio"))', ['spec.containers[1]']],
    ['.spec.containers[].env[]? | select(.name == "A") | .value', ['spec.containers[0].env[0].value']],
    ['.metadata.annotations["a.b/c"]', ['metadata.annotations["a.b/c"]']],
    ['.metadata.annotations."a.b/c"', ['metadata.annotations["a.b/c"]']],
    ['.metadata.labels.app, .spec.replicas', ['metadata.labels.app', 'spec.replicas']],
    ['.spec.missing[]', []],
    ['.spec.containers[] | select(has("env") and .image == "app:1")', ['spec.containers[0]']],
    ['.spec | select(.replicas > 2) | .replicas', ['spec.replicas']],
  ];
  for (const [expr, want] of cases) assert.deepEqual(jqPaths(expr, doc).map(formatPath), want, expr);
});

test('values', () => {
  assert.deepEqual(jqValues('.spec.containers[] | .name', doc), ['app', 'istio-proxy']);
  assert.deepEqual(jqValues('.spec.containers | length', doc), [2]);
});

test('rejects what is outside the subset, and non-path results', () => {
  for (const bad of ['..', '.a | test("x")', '.[', 'select(', '.a +', '.a[1:2]']) {
    assert.throws(() => parseJq(bad), JqSyntaxError, bad);
  }
  assert.throws(() => jqPaths('.spec.replicas == 3', doc), /not a path expression/);
  assert.throws(() => jqPaths('.spec.replicas.x', doc), /cannot index number/);
  assert.deepEqual(jqPaths('.spec.replicas.x?', doc), []);
});
