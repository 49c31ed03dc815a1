// Glob cases taken from how Argo CD projects write sourceRepos, destinations and resource kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatch } from './glob-match.js';

test('globMatch', () => {
  const cases: [string, string, string | undefined, boolean][] = [
    ['*', '', undefined, true],
    ['*', 'https://a/b/c', '/', true],
    ['dev-*', 'dev-1', undefined, true],
    ['dev-*', 'prod-1', undefined, false],
    ['dev-*', 'dev-', undefined, true],
    ['https://github.com/org/*', 'https://github.com/org/repo', '/', true],
    ['https://github.com/org/*', 'https://github.com/org/group/repo', '/', false],
    ['https://github.com/org/**', 'https://github.com/org/group/repo', '/', true],
    ['https://*.example.com/*', 'https://a.b.example.com/x', undefined, true],
    ['team-?', 'team-a', undefined, true],
    ['team-?', 'team-ab', undefined, false],
    ['team-[ab]', 'team-b', undefined, true],
    ['team-[!ab]', 'team-b', undefined, false],
    ['team-[a-c]', 'team-c', undefined, true],
    ['{dev,staging}-*', 'staging-2', undefined, true],
    ['{dev,staging}-*', 'prod-2', undefined, false],
    ['a.b', 'axb', undefined, false],
    ['\\*', '*', undefined, true],
    ['\\*', 'x', undefined, false],
    ['team-[ab', 'team-a', undefined, false],
    ['{a,b', 'a', undefined, false],
    ['', '', undefined, true],
    ['', 'x', undefined, false],
    ['(x)+', '(x)+', undefined, true],
  ];
  for (const [pattern, value, separator, want] of cases) {
    const opts = separator === undefined ? {} : { separator };
    assert.equal(globMatch(pattern, value, opts), want, `${pattern} ~ ${value}`);
  }
});
