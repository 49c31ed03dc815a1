// sourceRepos cases: globs, normalization and `!` negation, with Argo CD's outcomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSourceAllowed, normalizeRepoURL } from './check-source.js';
import { project } from './test-project.js';

test('normalizeRepoURL', () => {
  const cases: [string, string][] = [
    ['https://GitHub.com/Org/Repo.git', 'https://github.com/org/repo'],
    ['https://github.com/org/repo/', 'https://github.com/org/repo'],
    ['git@github.com:org/repo.git', 'git@github.com/org/repo'],
    ['ssh://git@github.com/org/repo.git', 'git@github.com/org/repo'],
    ['  file:///srv/git/app.git ', 'file:///srv/git/app'],
  ];
  for (const [input, want] of cases) assert.equal(normalizeRepoURL(input), want, input);
});

test('checkSourceAllowed', () => {
  const cases: [string, string[] | undefined, string, true | RegExp][] = [
    ['* allows anything', ['*'], 'https://github.com/org/repo.git', true],
    [
      'no sourceRepos denies',
      undefined,
      'https://github.com/org/repo',
      /^repository https:\/\/github.com\/org\/repo is not permitted in project "team-a" \(sourceRepos: none\)$/,
    ],
    [
      'exact match ignores .git and case',
      ['https://github.com/Org/Repo'],
      'https://github.com/org/repo.git',
      true,
    ],
    ['ssh and scp spellings agree', ['ssh://git@github.com/org/repo.git'], 'git@github.com:org/repo', true],
    [
      '* stays in one segment',
      ['https://github.com/org/*'],
      'https://github.com/org/sub/repo',
      /not permitted .*\(sourceRepos: https:\/\/github.com\/org\/\*\)/,
    ],
    ['** crosses segments', ['https://github.com/org/**'], 'https://github.com/org/sub/repo', true],
    ['other org', ['https://github.com/org/*'], 'https://github.com/evil/repo', /not permitted/],
    [
      'negation denies a match',
      ['*', '!https://github.com/org/secret'],
      'https://github.com/org/secret.git',
      /^repository https:\/\/github.com\/org\/secret.git is denied by sourceRepos entry "!https:\/\/github.com\/org\/secret" in project "team-a"$/,
    ],
    [
      'negation lets others through',
      ['*', '!https://github.com/org/secret'],
      'https://github.com/org/public',
      true,
    ],
    [
      'negation alone allows the rest (Argo CD)',
      ['!https://github.com/org/*'],
      'https://gitlab.com/x/y',
      true,
    ],
    [
      'negation glob',
      ['https://github.com/org/*', '!https://github.com/org/internal-*'],
      'https://github.com/org/internal-tools',
      /denied by sourceRepos entry/,
    ],
    [
      'negation order does not matter',
      ['!https://github.com/org/internal-*', 'https://github.com/org/*'],
      'https://github.com/org/internal-tools',
      /denied by sourceRepos entry/,
    ],
  ];
  for (const [name, repos, url, want] of cases) {
    const r = checkSourceAllowed(project(repos === undefined ? {} : { sourceRepos: repos }), url);
    if (want === true) assert.deepEqual(r, { allowed: true }, name);
    else {
      assert.equal(r.allowed, false, name);
      if (!r.allowed) assert.match(r.reason, want, name);
    }
  }
});
