// destinations cases: server or name, namespace globs and `!` negations, with Argo CD's outcomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProjectDestination } from '../model/index.js';
import { checkDestinationAllowed, type DestinationToCheck } from './check-destination.js';
import { project } from './test-project.js';

const IN = 'https://kubernetes.default.svc';

test('checkDestinationAllowed', () => {
  const cases: [string, ProjectDestination[], DestinationToCheck, true | RegExp][] = [
    ['any', [{ server: '*', namespace: '*' }], { server: IN, namespace: 'x' }, true],
    [
      'no destinations',
      [],
      { server: IN, namespace: 'x' },
      /^destination https:\/\/kubernetes.default.svc namespace "x" is not permitted in project "team-a" \(destinations: none\)$/,
    ],
    ['exact', [{ server: IN, namespace: 'guestbook' }], { server: IN, namespace: 'guestbook' }, true],
    [
      'namespace glob',
      [{ server: IN, namespace: 'guestbook-*' }],
      { server: IN, namespace: 'guestbook-dev' },
      true,
    ],
    [
      'namespace outside glob',
      [{ server: IN, namespace: 'guestbook-*' }],
      { server: IN, namespace: 'prod' },
      /namespace "prod" is not permitted .*\(destinations: https:\/\/kubernetes.default.svc namespace guestbook-\*\)/,
    ],
    [
      'other server',
      [{ server: IN, namespace: '*' }],
      { server: 'https://x', namespace: 'a' },
      /not permitted/,
    ],
    ['by name', [{ name: 'in-cluster', namespace: '*' }], { name: 'in-cluster', namespace: 'a' }, true],
    ['name glob', [{ name: 'prod-*', namespace: '*' }], { name: 'prod-eu', namespace: 'a' }, true],
    [
      'name entry, server-only destination',
      [{ name: 'in-cluster', namespace: '*' }],
      { server: IN, namespace: 'a' },
      /not permitted/,
    ],
    [
      'server or name is enough',
      [{ server: 'https://other', name: 'in-cluster', namespace: '*' }],
      { server: IN, name: 'in-cluster', namespace: 'a' },
      true,
    ],
    ['cluster-scoped: * matches empty namespace', [{ server: '*', namespace: '*' }], { server: IN }, true],
    [
      'cluster-scoped: glob does not match empty',
      [{ server: '*', namespace: 'dev-*' }],
      { server: IN },
      /namespace "" is not permitted/,
    ],
    [
      'namespace negation denies',
      [
        { server: '*', namespace: '*' },
        { server: '*', namespace: '!kube-system' },
      ],
      { server: IN, namespace: 'kube-system' },
      /^destination https:\/\/kubernetes.default.svc namespace "kube-system" is denied by destinations entry "\* namespace !kube-system" in project "team-a"$/,
    ],
    [
      'namespace negation allows others',
      [{ server: '*', namespace: '!kube-system' }],
      { server: IN, namespace: 'apps' },
      true,
    ],
    [
      'namespace negation glob',
      [{ server: '*', namespace: '!kube-*' }],
      { server: IN, namespace: 'kube-public' },
      /denied by destinations entry/,
    ],
    [
      'server negation',
      [{ server: '!https://prod.example.com', namespace: '*' }],
      { server: 'https://prod.example.com', namespace: 'a' },
      /denied by destinations entry "!https:\/\/prod.example.com namespace \*"/,
    ],
    [
      'server negation allows others',
      [{ server: '!https://prod.example.com', namespace: '*' }],
      { server: IN, namespace: 'a' },
      true,
    ],
    [
      'name negation',
      [{ name: '!prod-*', namespace: '*' }],
      { name: 'prod-eu', namespace: 'a' },
      /denied by destinations entry "name !prod-\* namespace \*"/,
    ],
    [
      'name negation ignored without a name',
      [
        { server: '*', namespace: '*' },
        { name: '!prod-*', namespace: '*' },
      ],
      { server: IN, namespace: 'a' },
      true,
    ],
  ];
  for (const [name, destinations, dst, want] of cases) {
    const r = checkDestinationAllowed(project({ destinations }), dst);
    if (want === true) assert.deepEqual(r, { allowed: true }, name);
    else {
      assert.equal(r.allowed, false, name);
      if (!r.allowed) assert.match(r.reason, want, name);
    }
  }
});
