import { test } from 'node:test';
import assert from 'node:assert/strict';
import { optionsFromFlags } from './server.js';

test('--concurrency and --operation-processors size the refresh and the operation workers', () => {
  const o = optionsFromFlags({ concurrency: '4', operationProcessors: '6' });
  assert.equal(o.statusProcessors, 4);
  assert.equal(o.operationProcessors, 6);
  assert.equal(
    optionsFromFlags({}).operationProcessors,
    undefined,
    'absent: cmd-params or the default apply',
  );
});

test('a bad --operation-processors is refused naming the flag', () => {
  assert.throws(
    () => optionsFromFlags({ operationProcessors: 'many' }),
    /--operation-processors must be a whole number/,
  );
  assert.throws(() => optionsFromFlags({ operationProcessors: '0' }), /--operation-processors/);
});
