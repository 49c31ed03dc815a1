// RBAC: a role × resource × action matrix, glob and regex modes, deny wins, g inheritance, policy.default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppProject } from '../model/index.js';
import { projectRolePolicies, RbacEnforcer } from './rbac-enforcer.js';
import { parsePolicyCsv, policyFromConfigMap } from './rbac-policy.js';

const CSV = `
p, role:deployer, applications, get, team-a/*, allow
p, role:deployer, applications, sync, team-a/*, allow
p, role:deployer, applications, sync, team-a/frozen, deny
g, alice, role:deployer
g, ops-team, role:admin
g, bob, role:readonly
`;

function enforcer(data: Record<string, string>): RbacEnforcer {
  return new RbacEnforcer(policyFromConfigMap(data));
}

type Row = [subjects: string[], resource: string, action: string, object: string, allowed: boolean];

const MATRIX: Row[] = [
  // built-in admin: everything
  [['admin'], 'applications', 'get', 'default/guestbook', true],
  [['admin'], 'applications', 'create', 'default/guestbook', true],
  [['admin'], 'applications', 'update', 'default/guestbook', true],
  [['admin'], 'applications', 'delete', 'default/guestbook', true],
  [['admin'], 'applications', 'sync', 'default/guestbook', true],
  [['admin'], 'applications', 'override', 'default/guestbook', true],
  [['admin'], 'applications', 'action/apps/Deployment/restart', 'default/guestbook', true],
  [['admin'], 'projects', 'create', 'team-a', true],
  [['admin'], 'repositories', 'delete', 'https://example.com/repo', true],
  [['admin'], 'clusters', 'get', 'https://kubernetes.default.svc', true],
  [['admin'], 'accounts', 'update', 'alice', true],
  [['admin'], 'exec', 'create', 'default/guestbook', true],
  // readonly through g: get only
  [['bob'], 'applications', 'get', 'default/guestbook', true],
  [['bob'], 'applications', 'sync', 'default/guestbook', false],
  [['bob'], 'applications', 'create', 'default/guestbook', false],
  [['bob'], 'applications', 'delete', 'default/guestbook', false],
  [['bob'], 'projects', 'get', 'default', true],
  [['bob'], 'projects', 'delete', 'default', false],
  [['bob'], 'repositories', 'get', 'https://example.com/repo', true],
  [['bob'], 'repositories', 'create', 'https://example.com/repo', false],
  [['bob'], 'clusters', 'get', 'https://kubernetes.default.svc', true],
  [['bob'], 'logs', 'get', 'default/guestbook', true],
  [['bob'], 'exec', 'create', 'default/guestbook', false],
  // custom role: scoped by project glob, deny wins over the wider allow
  [['alice'], 'applications', 'sync', 'team-a/web', true],
  [['alice'], 'applications', 'sync', 'team-a/frozen', false],
  [['alice'], 'applications', 'get', 'team-a/frozen', true],
  [['alice'], 'applications', 'sync', 'team-b/web', false],
  [['alice'], 'applications', 'delete', 'team-a/web', false],
  // groups: a group subject carries its role
  [['carol', 'ops-team'], 'applications', 'delete', 'team-b/web', true],
  [['carol'], 'applications', 'get', 'team-b/web', false],
];

test('RBAC matrix (glob mode)', () => {
  const e = enforcer({ 'policy.csv': CSV });
  for (const [subjects, res, act, obj, want] of MATRIX) {
    const d = e.enforce(subjects, res, act, obj);
    assert.equal(d.allowed, want, `${subjects.join('+')} ${res} ${act} ${obj}: ${d.reason}`);
  }
});

test('remembered decisions: the same enforcer asked twice, in any order, answers as it did the first time', () => {
  const e = enforcer({ 'policy.csv': CSV });
  const rows = [...MATRIX, ...[...MATRIX].reverse()];
  for (const [subjects, res, act, obj, want] of rows)
    assert.equal(
      e.enforce(subjects, res, act, obj).allowed,
      want,
      `${subjects.join(',')} ${res} ${act} ${obj}`,
    );
  // Subjects are part of the key: alice and bob on the same object differ.
  assert.equal(e.enforce(['alice'], 'applications', 'sync', 'team-a/x').allowed, true);
  assert.equal(e.enforce(['bob'], 'applications', 'sync', 'team-a/x').allowed, false);
  assert.equal(e.enforce(['alice', 'bob'], 'applications', 'sync', 'team-a/x').allowed, true);
});

test('a deny rule names itself in the refusal', () => {
  const d = enforcer({ 'policy.csv': CSV }).enforce(['alice'], 'applications', 'sync', 'team-a/frozen');
  assert.equal(d.allowed, false);
  assert.match(d.reason, /refused by "p, role:deployer, applications, sync, team-a\/frozen, deny"/);
});

test('deny wins even against the built-in admin role', () => {
  const e = enforcer({ 'policy.csv': 'p, admin, applications, delete, prod/*, deny' });
  assert.equal(e.enforce(['admin'], 'applications', 'delete', 'prod/db').allowed, false);
  assert.equal(e.enforce(['admin'], 'applications', 'delete', 'dev/db').allowed, true);
});

test('policy.default applies to every subject', () => {
  const e = enforcer({ 'policy.default': 'role:readonly' });
  assert.equal(e.enforce(['nobody'], 'applications', 'get', 'x/y').allowed, true);
  assert.equal(e.enforce(['nobody'], 'applications', 'sync', 'x/y').allowed, false);
  assert.equal(enforcer({}).enforce(['nobody'], 'applications', 'get', 'x/y').allowed, false);
});

test('g inheritance is transitive and survives cycles', () => {
  const e = enforcer({
    'policy.csv':
      'g, dave, role:a\ng, role:a, role:b\ng, role:b, role:a\np, role:b, clusters, update, *, allow',
  });
  assert.equal(e.enforce(['dave'], 'clusters', 'update', 'https://x').allowed, true);
  assert.ok(e.effectiveSubjects(['dave']).has('role:b'));
});

test('policy.<name>.csv keys are merged with policy.csv', () => {
  const e = enforcer({
    'policy.csv': 'g, erin, role:x',
    'policy.team.csv': 'p, role:x, logs, get, */*, allow',
  });
  assert.equal(e.enforce(['erin'], 'logs', 'get', 'p/a').allowed, true);
});

test('regex match mode is anchored', () => {
  const data = {
    'policy.matchMode': 'regex',
    'policy.csv': 'p, frank, applications, (get|sync), team-[ab]/.*, allow',
  };
  const e = enforcer(data);
  assert.equal(e.matchMode, 'regex');
  assert.equal(e.enforce(['frank'], 'applications', 'sync', 'team-b/web').allowed, true);
  assert.equal(e.enforce(['frank'], 'applications', 'get', 'team-a/web').allowed, true);
  assert.equal(e.enforce(['frank'], 'applications', 'delete', 'team-a/web').allowed, false);
  assert.equal(e.enforce(['frank'], 'applications', 'sync', 'xteam-a/web').allowed, false);
  assert.equal(e.enforce(['frank'], 'applications', 'sync', 'team-c/web').allowed, false);
  // the built-in roles are globs and keep working in regex mode
  assert.equal(e.enforce(['admin'], 'applications', 'sync', 'team-c/web').allowed, true);
});

test('glob mode: * crosses / in objects', () => {
  const e = enforcer({ 'policy.csv': 'p, gina, applications, get, */web-*, allow' });
  assert.equal(e.enforce(['gina'], 'applications', 'get', 'any/web-1').allowed, true);
  assert.equal(e.enforce(['gina'], 'applications', 'get', 'any/api-1').allowed, false);
});

test('malformed lines are reported and grant nothing', () => {
  const r = parsePolicyCsv('p, x, applications\nq, nope\np, a, b, c, d, maybe\n# comment\n');
  assert.equal(r.rules.length, 0);
  assert.equal(r.errors.length, 3);
});

test('project roles grant only inside their project', () => {
  const project = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'team-a' },
    spec: {
      roles: [
        {
          name: 'ci',
          groups: ['ci-bots'],
          policies: [
            'p, proj:team-a:ci, applications, sync, team-a/*, allow',
            'p, proj:team-a:ci, applications, sync, team-b/*, allow',
            'p, proj:team-b:ci, applications, sync, team-a/*, allow',
          ],
        },
      ],
    },
  } as AppProject;
  const extra = projectRolePolicies([project]);
  assert.equal(extra.rules.length, 1);
  const e = new RbacEnforcer(policyFromConfigMap({}), extra);
  assert.equal(e.enforce(['proj:team-a:ci'], 'applications', 'sync', 'team-a/web').allowed, true);
  assert.equal(e.enforce(['proj:team-a:ci'], 'applications', 'sync', 'team-b/web').allowed, false);
  assert.equal(e.enforce(['ci-bots'], 'applications', 'sync', 'team-a/web').allowed, true);
});
