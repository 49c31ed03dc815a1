import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError } from './http-error.js';
import { fieldsKey, parseFields, selectFields, subFields } from './json-fields.js';

const list = {
  metadata: { resourceVersion: '7' },
  items: [
    {
      metadata: { name: 'a', labels: { t: '1' } },
      status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } },
    },
    { metadata: { name: 'b' }, status: { health: { status: 'Degraded', message: 'x' } } },
  ],
};

test('selects dotted paths through arrays element by element and leaves absent paths out', () => {
  const tree = parseFields(['items.metadata.name,items.status.sync.status', 'items.status.health']);
  assert.ok(tree);
  assert.deepEqual(selectFields(list, tree), {
    items: [
      { metadata: { name: 'a' }, status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } } },
      { metadata: { name: 'b' }, status: { health: { status: 'Degraded', message: 'x' } } },
    ],
  });
});

test('a shorter path wins over longer ones beneath it, in either order', () => {
  const a = parseFields(['items.metadata,items.metadata.name']);
  const b = parseFields(['items.metadata.name', 'items.metadata']);
  assert.ok(a && b);
  assert.equal(fieldsKey(a), fieldsKey(b));
  assert.deepEqual(selectFields(list, a), {
    items: [{ metadata: list.items[0]?.metadata }, { metadata: { name: 'b' } }],
  });
});

test('no fields selects everything; subFields walks one key', () => {
  assert.equal(parseFields([]), undefined);
  assert.equal(parseFields(['', ' , ']), undefined);
  const tree = parseFields(['items.metadata.name', 'metadata']);
  assert.equal(subFields(tree, 'metadata'), true);
  assert.equal(subFields(tree, 'spec'), undefined);
  assert.equal(fieldsKey(subFields(tree, 'items')), 'metadata(name)');
  assert.equal(subFields(undefined, 'items'), undefined);
});

test('an invalid path is a 400 that shows the expected form', () => {
  assert.throws(
    () => parseFields(['items..name']),
    (e: unknown) =>
      e instanceof HttpError &&
      e.status === 400 &&
      /items\.\.name/.test(e.message) &&
      /fields=/.test(e.hint ?? ''),
  );
});
