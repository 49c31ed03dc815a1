// Parsing the server's "field not declared in schema" paths, and dropping those fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFieldPath, withoutUndeclared } from './unknown-fields.js';

const cases: { text: string; want: unknown }[] = [
  { text: '.bogus', want: [{ t: 'f', name: 'bogus' }] },
  {
    text: '.spec.containers[name="web"].x',
    want: [
      { t: 'f', name: 'spec' },
      { t: 'f', name: 'containers' },
      { t: 'k', key: { name: 'web' } },
      { t: 'f', name: 'x' },
    ],
  },
  {
    text: '.a[2]',
    want: [
      { t: 'f', name: 'a' },
      { t: 'i', index: 2 },
    ],
  },
  { text: 'no-dot', want: undefined },
];
for (const c of cases) {
  test(`parseFieldPath ${c.text}`, () => assert.deepEqual(parseFieldPath(c.text), c.want));
}

test('withoutUndeclared drops every named field', () => {
  const obj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    bogus: 1,
    spec: { containers: [{ name: 'web', image: 'x', extra: true }] },
  };
  const msg =
    'failed to create typed patch object (ns/p; /v1, Kind=Pod): .bogus: field not declared in schema, .spec.containers[name="web"].extra: field not declared in schema';
  assert.deepEqual(withoutUndeclared(obj, msg), {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'web', image: 'x' }] },
  });
});
