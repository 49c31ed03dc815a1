// Table tests of durations, retry delays and the retry limit, plus monotonicity as a property.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canRetry, parseDuration, retryDelay } from './retry.js';

describe('parseDuration', () => {
  const cases: [string, number | null][] = [
    ['5s', 5000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['3m0s', 180_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1.5s', 1500],
    ['10', 10_000],
    ['0', 0],
    ['', null],
    ['5', 5000],
    ['-5s', null],
    ['5x', null],
    ['s', null],
    ['1d', null],
  ];
  for (const [text, ms] of cases) {
    it(JSON.stringify(text), () => {
      const got = parseDuration(text);
      if (ms === null) assert.equal(got.ok, false);
      else assert.deepEqual(got, { ok: true, ms });
    });
  }
});

describe('retryDelay', () => {
  const cases: {
    attempt: number;
    backoff?: { duration?: string; factor?: number; maxDuration?: string };
    ms: number;
  }[] = [
    { attempt: 0, ms: 5000 },
    { attempt: 1, ms: 10_000 },
    { attempt: 2, ms: 20_000 },
    { attempt: 5, ms: 160_000 },
    { attempt: 6, ms: 180_000 },
    { attempt: 40, ms: 180_000 },
    { attempt: 2, backoff: { duration: '1s', factor: 3 }, ms: 9000 },
    { attempt: 3, backoff: { duration: '10s', factor: 2, maxDuration: '30s' }, ms: 30_000 },
    { attempt: 3, backoff: { duration: '1s', factor: 1 }, ms: 1000 },
    { attempt: 10, backoff: { duration: '1s', maxDuration: '0' }, ms: 1024_000 },
  ];
  for (const c of cases) {
    it(`attempt ${c.attempt} ${JSON.stringify(c.backoff ?? 'defaults')}`, () => {
      assert.deepEqual(retryDelay(c.attempt, c.backoff), { ok: true, ms: c.ms });
    });
  }

  it('reports invalid settings as values', () => {
    assert.deepEqual(retryDelay(0, { duration: 'soon' }), {
      ok: false,
      message: 'retry.backoff.duration: invalid duration "soon" (use e.g. 5s, 2m, 1h)',
    });
    assert.equal(retryDelay(0, { maxDuration: '3 minutes' }).ok, false);
    assert.equal(retryDelay(0, { factor: 0.5 }).ok, false);
  });

  it('never shrinks and never exceeds maxDuration', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 600 }),
        (n, factor, maxS) => {
          const b = { duration: '2s', factor, maxDuration: `${maxS}s` };
          const a = retryDelay(n, b);
          const next = retryDelay(n + 1, b);
          assert.ok(a.ok && next.ok);
          if (a.ok && next.ok) {
            assert.ok(next.ms >= a.ms);
            assert.ok(a.ms <= maxS * 1000);
          }
        },
      ),
    );
  });
});

describe('canRetry', () => {
  const cases: [number, number | undefined, boolean][] = [
    [0, undefined, false],
    [0, 0, false],
    [0, 1, true],
    [1, 1, false],
    [100, -1, true],
  ];
  for (const [count, limit, want] of cases)
    it(`${count} of ${String(limit)}`, () => assert.equal(canRetry(count, limit), want));
});
