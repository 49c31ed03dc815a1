import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RenderCache, renderCopies, renderKey } from './render-cache.js';
import type { KubeObject } from '../model/index.js';
import { computeDigest, knownDigest } from '../model/content-digest.js';

const render = (name: string, pad = 0) => {
  const objects = [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { pad: 'x'.repeat(pad) } },
  ] as KubeObject[];
  return { objects, sourceType: 'Directory' as const, digests: objects.map(computeDigest) };
};
const size = (name: string, pad = 0) => JSON.stringify(render(name, pad).objects).length;

test('renders are kept by their JSON size; the least recently used go first', () => {
  const one = size('a', 100);
  const c = new RenderCache(3 * one);
  c.set('a', render('a', 100));
  c.set('b', render('b', 100));
  c.set('c', render('c', 100));
  assert.equal(c.bytes, 3 * one);
  assert.ok(c.get('a'), 'a is used again: b is now the oldest');
  c.set('d', render('d', 100));
  assert.equal(c.get('b'), undefined);
  assert.deepEqual(
    [c.get('a'), c.get('c'), c.get('d')].map((r) => r?.objects[0]?.metadata.name),
    ['a', 'c', 'd'],
  );
  assert.equal(c.size, 3);
  assert.equal(c.bytes, 3 * one);
});

test('one large render evicts as many small ones as it needs; a render larger than the cache is not kept', () => {
  const small = size('s0');
  const c = new RenderCache(10 * small);
  for (let i = 0; i < 10; i++) c.set(`s${i}`, render(`s${i}`));
  assert.equal(c.size, 10);
  c.set('big', render('big', 5 * small));
  assert.ok(c.get('big'));
  assert.ok(c.bytes <= 10 * small);
  assert.equal(c.get('s0'), undefined);
  assert.ok(c.get('s9'));
  c.set('huge', render('huge', 20 * small));
  assert.equal(c.get('huge'), undefined);
  assert.ok(c.get('big'), 'what was kept stays');
});

test('setting a key again replaces its entry and its size', () => {
  const c = new RenderCache(1_000_000);
  c.set('k', render('k', 1000));
  c.set('k', render('k', 10));
  assert.equal(c.size, 1);
  assert.equal(c.bytes, size('k', 10));
});

test('render keys ignore option order and undefined options', () => {
  const parts = { repo: 'r', revision: 'abc', path: 'p' };
  assert.equal(
    renderKey({ ...parts, options: { a: 1, b: { c: 2, d: undefined } } }),
    renderKey({ ...parts, options: { b: { c: 2 }, a: 1 } }),
  );
  assert.notEqual(renderKey({ ...parts, options: { a: 1 } }), renderKey({ ...parts, options: { a: 2 } }));
});

test("a caller's copies are its own and carry the render's digests", () => {
  const r = render('a', 10);
  const [copy] = renderCopies(r);
  assert.ok(copy);
  assert.notEqual(copy, r.objects[0]);
  assert.deepEqual(copy, r.objects[0]);
  assert.equal(knownDigest(copy), computeDigest(r.objects[0]));
  assert.equal(knownDigest(r.objects[0] ?? {}), undefined, 'the cached object itself is never handed out');
});
