// The server-side diff's prediction key for rendered objects: computed once per render (carried by the
// render cache's copies through prepareDesired), never by serializing the object on each refresh, and
// still different whenever the render or the way it is prepared differs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../model/index.js';
import { computeDigest } from '../model/content-digest.js';
import { renderCopies } from '../render/render-cache.js';
import { desiredHash } from '../diff/server-side-diff.js';
import { prepareDesired, type PrepareOptions } from './prepare-desired.js';

const VARIANT = 'driftless\u0000Strict';
const cm = (data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'web' },
  data,
});
const render = (objects: KubeObject[]) => ({
  objects,
  sourceType: 'Directory' as const,
  digests: objects.map(computeDigest),
});
const opts: PrepareOptions = {
  instance: 'web',
  destinationNamespace: 'prod',
  trackingMethod: 'annotation',
  isNamespaced: () => true,
};

/** Counts every serialization of `obj` (JSON.stringify calls toJSON); the JSON itself is unchanged. */
function counted(obj: KubeObject): { obj: KubeObject; serialized: () => number } {
  let n = 0;
  Object.defineProperty(obj, 'toJSON', {
    enumerable: false,
    value(this: KubeObject) {
      n++;
      return { ...this };
    },
  });
  return { obj, serialized: () => n };
}

/** One refresh's prediction key for the render's single object. */
function refreshKey(r: ReturnType<typeof render>, o: PrepareOptions = opts) {
  const [desired] = prepareDesired(renderCopies(r), o);
  assert.ok(desired);
  const c = counted(desired);
  const key = desiredHash(c.obj, VARIANT);
  return { key, serialized: c.serialized() };
}

test('a rendered object is not serialized again to key its prediction, refresh after refresh', () => {
  const r = render([cm({ a: '1' })]);
  const first = refreshKey(r);
  const second = refreshKey(r);
  assert.equal(first.serialized, 0);
  assert.equal(second.serialized, 0);
  assert.equal(first.key, second.key, 'the same render gives the same key');
});

test('the key changes with the render and with every input of prepareDesired', () => {
  const base = refreshKey(render([cm({ a: '1' })])).key;
  assert.notEqual(refreshKey(render([cm({ a: '2' })])).key, base, 'the render changed');
  assert.notEqual(refreshKey(render([cm({ a: '1' })]), { ...opts, instance: 'other' }).key, base);
  assert.notEqual(refreshKey(render([cm({ a: '1' })]), { ...opts, destinationNamespace: 'qa' }).key, base);
  assert.notEqual(refreshKey(render([cm({ a: '1' })]), { ...opts, trackingMethod: 'label' }).key, base);
  assert.notEqual(refreshKey(render([cm({ a: '1' })]), { ...opts, installationID: 'x' }).key, base);
  assert.notEqual(refreshKey(render([cm({ a: '1' })]), { ...opts, isNamespaced: () => false }).key, base);
  assert.equal(
    refreshKey(render([cm({ a: '1' })])).key,
    base,
    'an equal render from elsewhere: the same key',
  );
});

test('an object that did not come from a render (or was derived anew) is serialized and hashed', () => {
  const plain = counted(cm({ a: '1' }));
  const key = desiredHash(plain.obj, VARIANT);
  assert.equal(plain.serialized(), 1);
  assert.match(key, /^[A-Za-z0-9_-]{27}$/);
  assert.notEqual(desiredHash(cm({ a: '2' }), VARIANT), key);
  const [prepared] = prepareDesired(renderCopies(render([cm({ a: '1' })])), opts);
  assert.ok(prepared);
  const again = counted({ ...prepared });
  desiredHash(again.obj, VARIANT);
  assert.equal(again.serialized(), 1, 'a copy made after prepareDesired carries no digest');
});
