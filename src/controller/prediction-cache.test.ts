import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PredictionCache } from './prediction-cache.js';

test('a prediction holds for one live resourceVersion and one desired hash', () => {
  const c = new PredictionCache();
  c.set('u1', '10', 'h1', { kind: 'unchanged' });
  assert.deepEqual(c.get('u1', '10', 'h1'), { kind: 'unchanged' });
  assert.equal(c.get('u1', '11', 'h1'), undefined, 'a watch event (new resourceVersion) invalidates');
  assert.equal(c.get('u1', '10', 'h2'), undefined, 'a new commit (new desired) invalidates');
  assert.equal(c.get('u2', '10', 'h1'), undefined);
  assert.deepEqual(c.stats(), { hits: 1, dryRuns: 0, entries: 1 });
});

test('one entry per object; evict drops a deleted object; the backstop drops the oldest', () => {
  const c = new PredictionCache(2);
  c.set('u1', '1', 'h', { kind: 'unchanged' });
  c.set('u1', '2', 'h', { kind: 'fallback', reason: 'r' });
  assert.equal(c.stats().entries, 1);
  c.set('u2', '1', 'h', { kind: 'unchanged' });
  c.set('u3', '1', 'h', { kind: 'unchanged' });
  assert.equal(c.stats().entries, 2);
  assert.equal(c.get('u1', '2', 'h'), undefined);
  c.evict('u2');
  assert.equal(c.get('u2', '1', 'h'), undefined);
  assert.equal(c.stats().entries, 1);
});
