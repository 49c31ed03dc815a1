import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffLines } from './line-diff.js';
import { unifiedDiff } from './unified-diff.js';

test('edit script rebuilds both sides and is minimal for simple cases', () => {
  const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 });
  fc.assert(
    fc.property(lines, lines, (a, b) => {
      const edits = diffLines(a, b);
      assert.deepEqual(
        edits.filter((e) => e.op !== 'insert').map((e) => e.line),
        a,
      );
      assert.deepEqual(
        edits.filter((e) => e.op !== 'delete').map((e) => e.line),
        b,
      );
    }),
  );
  assert.equal(diffLines(['a', 'b', 'c'], ['a', 'x', 'c']).filter((e) => e.op !== 'equal').length, 2);
});

test('unified format with hunks and context', () => {
  const a = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n';
  const b = 'a\nB\nc\nd\ne\nf\ng\nh\ni\nJ\nk\nl\n';
  assert.equal(
    unifiedDiff(a, b, { context: 1 }),
    [
      '--- desired',
      '+++ live',
      '@@ -1,3 +1,3 @@',
      ' a',
      '-b',
      '+B',
      ' c',
      '@@ -9,3 +9,4 @@',
      ' i',
      '-j',
      '+J',
      ' k',
      '+l',
      '',
    ].join('\n'),
  );
  assert.equal(unifiedDiff(a, a), '');
  assert.equal(unifiedDiff('', 'x\n'), '--- desired\n+++ live\n@@ -0,0 +1,1 @@\n+x\n');
});

test('objects are rendered as YAML with stable key order', () => {
  const text = unifiedDiff(
    { spec: { b: 1, a: 1 }, kind: 'K' },
    { kind: 'K', spec: { a: 1, b: 2 } },
    { fromLabel: 'git', toLabel: 'cluster' },
  );
  assert.equal(text, '--- git\n+++ cluster\n@@ -1,4 +1,4 @@\n kind: K\n spec:\n   a: 1\n-  b: 1\n+  b: 2\n');
});
