import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { maskSecretPair, maskSecrets } from './mask-secrets.js';

const secret = (
  data: Record<string, string>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's' },
  data,
  ...extra,
});

test('equal values share a mask, different values differ', () => {
  const { desired, live } = maskSecretPair(
    secret({ a: 'eA==', b: 'eQ==' }),
    secret({ a: 'eA==', b: 'eg==' }),
  );
  assert.deepEqual(desired.data, { a: '++++++++', b: '++++++++' });
  assert.deepEqual(live.data, { a: '++++++++', b: '+++++++++' });
});

test('stringData masks like its base64 data', () => {
  const { desired, live } = maskSecretPair(
    secret({}, { data: undefined, stringData: { a: 'x' } }),
    secret({ a: 'eA==' }),
  );
  assert.deepEqual(desired.stringData, { a: '++++++++' });
  assert.deepEqual(live.data, { a: '++++++++' });
});

test('masks the last-applied annotation; non-secrets unchanged', () => {
  const lastApplied = JSON.stringify(secret({ a: 'c2VjcmV0' }));
  const m = maskSecrets(
    secret(
      { a: 'c2VjcmV0' },
      {
        metadata: {
          name: 's',
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied },
        },
      },
    ),
  );
  assert.ok(!JSON.stringify(m).includes('c2VjcmV0'));
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'x' } };
  assert.equal(maskSecrets(cm), cm);
});

test('masking never leaks a value', () => {
  // Keys are visible by design; values are built so that no key or mask can contain one.
  const value = fc.string().map((s) => `S3CR3T-${s}`);
  const key = fc.stringMatching(/^[a-z][a-z.-]{0,8}$/);
  fc.assert(
    fc.property(fc.dictionary(key, value), fc.dictionary(key, value), (data, stringData) => {
      const s = secret(data, {
        stringData,
        metadata: {
          name: 's',
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(secret(data)) },
        },
      });
      const masked = maskSecrets(s);
      const out = JSON.stringify([masked.data, masked.stringData, masked.metadata]);
      for (const v of [...Object.values(data), ...Object.values(stringData)])
        assert.ok(!out.includes(JSON.stringify(v).slice(1, -1)), v);
    }),
  );
});
