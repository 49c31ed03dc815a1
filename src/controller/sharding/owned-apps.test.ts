// A change of members queues only the apps gained; an app a worker found not owned counts as gained again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OwnedApps } from './owned-apps.js';

const look = (owned: string[], all: string[]) => all.map((name) => ({ name, owned: owned.includes(name) }));

test('only the apps gained since the last look are returned; deleted apps are forgotten', () => {
  const o = new OwnedApps();
  const all = ['a', 'b', 'c', 'd'];
  assert.deepEqual(o.update(look(['a', 'b'], all)), ['a', 'b']);
  assert.deepEqual(o.update(look(['a', 'b'], all)), [], 'nothing changed: nothing queued again');
  // A member died: c is gained, a and b stay (not queued again).
  assert.deepEqual(o.update(look(['a', 'b', 'c'], all)), ['c']);
  // Fenced: owns nothing; resumed: all of them again.
  assert.deepEqual(o.update(look([], all)), []);
  assert.deepEqual(o.update(look(['a', 'b', 'c'], all)), ['a', 'b', 'c']);
  // c deleted, then created again: gained anew.
  assert.deepEqual(o.update(look(['a', 'b'], ['a', 'b'])), []);
  assert.deepEqual(o.update(look(['a', 'b', 'c'], all)), ['c']);
});

test('an app a worker found not owned (a report not read yet) is gained at the next look; one it took is not', () => {
  const o = new OwnedApps();
  o.update(look(['a'], ['a', 'b']));
  o.mark('a', false);
  o.mark('b', true);
  assert.equal(o.has('a'), false);
  assert.deepEqual(o.update(look(['a', 'b'], ['a', 'b'])), ['a']);
});
