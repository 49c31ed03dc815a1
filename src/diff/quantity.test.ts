import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalQuantity, quantitiesEqual } from './quantity.js';

test('quantities equal by value', () => {
  const equal: [unknown, unknown][] = [
    ['100m', '0.1'],
    ['1Gi', '1024Mi'],
    ['1000m', '1'],
    ['1', 1],
    ['0.5', '500m'],
    ['1k', '1000'],
    ['1e3', '1k'],
    ['1Ki', '1024'],
    ['0', '0m'],
  ];
  for (const [a, b] of equal) assert.ok(quantitiesEqual(a, b), `${String(a)} = ${String(b)}`);
  const different: [unknown, unknown][] = [
    ['100m', '0.2'],
    ['1Gi', '1G'],
    ['1', 'one'],
    ['1M', '1m'],
  ];
  for (const [a, b] of different) assert.ok(!quantitiesEqual(a, b), `${String(a)} != ${String(b)}`);
});

test('canonical spelling matches the API server', () => {
  const cases: [unknown, string | undefined][] = [
    ['0.1', '100m'],
    ['1024Mi', '1Gi'],
    ['1000m', '1'],
    ['1.5', '1500m'],
    ['1500', '1500'],
    ['1000', '1k'],
    ['0.5Gi', '512Mi'],
    ['1.5Ki', '1536'],
    ['1e3', '1e3'],
    [0.25, '250m'],
    ['1n', '1n'],
    ['0.0000000001', '1n'],
    ['banana', undefined],
    ['', undefined],
  ];
  for (const [input, want] of cases) assert.equal(canonicalQuantity(input), want, String(input));
});

test('a binary quantity that is not a whole number of its unit prints as Kubernetes prints it', () => {
  assert.equal(canonicalQuantity('355562.5Ki'), '364096000');
  assert.equal(canonicalQuantity('364096000'), '364096k');
});

test('canonical form is idempotent and keeps the value', () => {
  const quantity = fc
    .tuple(
      fc.nat({ max: 1_000_000 }),
      fc.nat({ max: 999 }),
      fc.constantFrom('', 'm', 'k', 'M', 'G', 'Ki', 'Mi', 'Gi', 'n', 'u', 'e2', 'e-3'),
    )
    .map(([i, f, s]) => `${i}${f > 0 ? `.${f}` : ''}${s}`);
  fc.assert(
    fc.property(quantity, (q) => {
      const c = canonicalQuantity(q);
      assert.ok(c !== undefined);
      // As Kubernetes: a binary value that is not a whole number of Ki prints without a suffix
      // (355562.5Ki → 364096000), which then reads back as decimal (→ 364096k); a fixed point after that.
      const again = canonicalQuantity(c);
      assert.ok(again !== undefined);
      assert.equal(canonicalQuantity(again), again);
      if (!/i$/.test(q)) assert.equal(again, c);
      // Sub-nano values are rounded up by the server, so only values of nano precision keep their value.
      if (!/\.\d+n$/.test(q)) assert.ok(quantitiesEqual(q, c), `${q} -> ${c}`);
    }),
  );
});
