// Parsing `git log` output into Argo CD's RevisionMetadata.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRevisionMetadata, revisionMetadataArgs } from './revision-metadata.js';

test('parses author, UTC date, tags and a multi-line message', () => {
  const out = 'Ann <ann@example.com>\x002024-05-01T12:00:00+02:00\x00tag: v1, tag: v1.0\x00Fix it\n\nBody\n';
  assert.deepEqual(parseRevisionMetadata(out), {
    author: 'Ann <ann@example.com>',
    date: '2024-05-01T10:00:00.000Z',
    message: 'Fix it\n\nBody',
    tags: ['v1', 'v1.0'],
  });
});

test('omits tags when there are none', () => {
  const m = parseRevisionMetadata('A <a@b>\x002024-05-01T10:00:00Z\x00\x00msg\n');
  assert.equal(m?.tags, undefined);
  assert.equal(m?.message, 'msg');
});

test('rejects output that is not one record', () => {
  assert.equal(parseRevisionMetadata(''), undefined);
  assert.equal(parseRevisionMetadata('A\x00not a date\x00\x00m'), undefined);
});

test('the SHA comes after --end-of-options', () => {
  const args = revisionMetadataArgs('a'.repeat(40));
  assert.deepEqual(args.slice(-2), ['--end-of-options', 'a'.repeat(40)]);
});
