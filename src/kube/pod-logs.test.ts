import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitTimestamp } from './pod-logs.js';

test('a log line splits into its RFC 3339 timestamp and text; a line without one keeps its text', () => {
  assert.deepEqual(splitTimestamp('2026-11-30T01:07:06.079000000Z hello world'), {
    timeStamp: '2026-11-30T01:07:06.079000000Z',
    content: 'hello world',
  });
  assert.deepEqual(splitTimestamp('no time here'), { timeStamp: '', content: 'no time here' });
});
