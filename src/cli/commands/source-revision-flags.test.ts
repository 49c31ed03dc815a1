// argocd's --revision / --source-positions / --revisions as the manifests query.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../context-client.js';
import { pinsRevisions, sourceRevisionQuery } from './source-revision-flags.js';

test('pairs --source-positions (repeated or 1,2) with --revisions, and refuses what does not pair', () => {
  assert.deepEqual(sourceRevisionQuery({}), {});
  assert.deepEqual(sourceRevisionQuery({ revision: 'main' }), { revision: 'main' });
  assert.deepEqual(sourceRevisionQuery({ sourcePositions: ['1,3'], revisions: ['a', 'b'] }), {
    sourcePositions: ['1', '3'],
    revisions: ['a', 'b'],
  });
  assert.equal(pinsRevisions({}), false);
  assert.equal(pinsRevisions({ sourcePositions: ['2'], revisions: ['v1'] }), true);
  assert.throws(
    () => sourceRevisionQuery({ sourcePositions: ['1', '2'], revisions: ['a'] }),
    (e: unknown) => e instanceof UsageError && /2 positions and 1 revisions/.test(e.message),
  );
  assert.throws(
    () => sourceRevisionQuery({ revision: 'a', sourcePositions: ['1'], revisions: ['b'] }),
    (e: unknown) => e instanceof UsageError && /excludes/.test(e.message),
  );
});
