import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGitAuthor, parseGitAuthor } from './git-author.js';

test('parseGitAuthor reads Name <email> and refuses anything else, naming the flag', () => {
  assert.deepEqual(parseGitAuthor(' Release Bot  <release@example.com> ', '--author'), {
    name: 'Release Bot',
    email: 'release@example.com',
  });
  assert.equal(formatGitAuthor(parseGitAuthor('A <a@b>', '--author')), 'A <a@b>');
  for (const bad of ['Release Bot', '<a@b>', 'A <a b@c>', 'A <a@b> x'])
    assert.throws(() => parseGitAuthor(bad, '--author'), /--author ".*" is not "Name <email>"/);
});
