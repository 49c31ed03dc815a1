import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { deepEqualJson as deepEqual } from '../model/index.js';
import { mergePatch } from './merge-patch.js';

function applyPatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else
      Object.defineProperty(out, k, {
        value: applyPatch(Object.hasOwn(out, k) ? out[k] : undefined, v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}

test('equal values need no patch', () => {
  assert.equal(mergePatch({ a: { b: [1, 2] } }, { a: { b: [1, 2] } }), undefined);
});

test('removed keys become null, changed nested keys are patched, lists replaced', () => {
  assert.deepEqual(mergePatch({ a: 1, b: { c: 1, d: 2 }, l: [1] }, { b: { c: 1 }, l: [2], e: 'x' }), {
    a: null,
    b: { d: null },
    l: [2],
    e: 'x',
  });
});

test('applying the patch always yields the target (property)', () => {
  const json = fc
    .jsonValue({ maxDepth: 3 })
    .filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
  fc.assert(
    fc.property(json, json, (from, to) => {
      // merge patch cannot express explicit nulls in the target; drop them as the server would
      const clean = JSON.parse(
        JSON.stringify(to, (_k, v: unknown) => (v === null ? undefined : v)),
      ) as unknown;
      const patch = mergePatch(from, clean);
      const result = patch === undefined ? from : applyPatch(from, patch);
      const cleanedResult = JSON.parse(
        JSON.stringify(result, (_k, v: unknown) => (v === null ? undefined : v)),
      ) as unknown;
      return deepEqual(cleanedResult, clean) || deepEqual(result, clean);
    }),
    { numRuns: 2000 },
  );
});
