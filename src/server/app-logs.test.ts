// Which pods a logs request reads, how its query is validated, and Argo CD's filter rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError } from './http-error.js';
import { lineFilter, logPods, MAX_LOG_PODS, parseLogQuery } from './app-logs.js';
import type { ResourceNode } from './resource-tree.js';

function node(kind: string, name: string, uid: string, parent?: string, group = ''): ResourceNode {
  return {
    group,
    version: 'v1',
    kind,
    namespace: 'ns',
    name,
    uid,
    ...(parent
      ? { parentRefs: [{ group: '', version: 'v1', kind: '', namespace: 'ns', name: '', uid: parent }] }
      : {}),
  };
}

const tree = [
  node('Deployment', 'web', 'd1', undefined, 'apps'),
  node('ReplicaSet', 'web-1', 'rs1', 'd1', 'apps'),
  node('Pod', 'web-1-a', 'p1', 'rs1'),
  node('Pod', 'web-1-b', 'p2', 'rs1'),
  node('Deployment', 'db', 'd2', undefined, 'apps'),
  node('ReplicaSet', 'db-1', 'rs2', 'd2', 'apps'),
  node('Pod', 'db-1-a', 'p3', 'rs2'),
  node('Service', 'web', 's1'),
];
const q = (s: string) => parseLogQuery(new URLSearchParams(s));
const names = (nodes: ResourceNode[]) => nodes.map((n) => n.name);

test('a workload reads the pods below it; a pod itself; no selector every pod of the app', () => {
  assert.deepEqual(names(logPods(tree, q('kind=Deployment&group=apps&resourceName=web'), 'a')), [
    'web-1-a',
    'web-1-b',
  ]);
  assert.deepEqual(
    names(logPods(tree, q('kind=ReplicaSet&group=apps&resourceName=db-1&namespace=ns'), 'a')),
    ['db-1-a'],
  );
  assert.deepEqual(names(logPods(tree, q('podName=web-1-b'), 'a')), ['web-1-b']);
  assert.deepEqual(names(logPods(tree, q(''), 'a')), ['web-1-a', 'web-1-b', 'db-1-a']);
});

test('resources outside the app, without pods, or with too many pods are clear errors', () => {
  const status = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof HttpError ? `${e.status} ${e.message}` : 'other';
    }
    return 'none';
  };
  assert.match(
    status(() => logPods(tree, q('podName=elsewhere'), 'a')),
    /^404 Pod elsewhere is not part of application a/,
  );
  assert.match(
    status(() => logPods(tree, q('kind=Deployment&resourceName=web'), 'a')),
    /^404/,
    'group must match',
  );
  assert.match(
    status(() => logPods(tree, q('kind=Service&resourceName=web'), 'a')),
    /^404 Service web has no pods/,
  );
  const many = [node('Job', 'j', 'j', undefined, 'batch')];
  for (let i = 0; i <= MAX_LOG_PODS; i++) many.push(node('Pod', `j-${i}`, `p${i}`, 'j'));
  assert.match(
    status(() => logPods(many, q('kind=Job&group=batch&resourceName=j'), 'a')),
    /^400 .* 11 pods/,
  );
  assert.match(
    status(() => q('kind=Deployment')),
    /^400 kind and resourceName go together/,
  );
  assert.match(
    status(() => q('tailLines=-1')),
    /^400 tailLines must be a whole number/,
  );
  assert.match(
    status(() => q('follow=yes')),
    /^400 follow must be true or false/,
  );
});

test('query values: 0 means unset (Argo CD clients send it), flags parse', () => {
  const parsed = q('podName=p&tailLines=0&sinceSeconds=60&follow=true&previous=false');
  assert.equal(parsed.tailLines, undefined);
  assert.equal(parsed.sinceSeconds, 60);
  assert.equal(parsed.follow, true);
  assert.equal(parsed.previous, false);
  assert.equal(q('podName=p&sinceTime.seconds=0').sinceTime, '1970-01-01T00:00:00.000Z');
});

test('filter: substring, case-insensitive unless matchCase; a leading ! negates', () => {
  assert.equal(lineFilter('Error', false)('an error here'), true);
  assert.equal(lineFilter('Error', true)('an error here'), false);
  assert.equal(lineFilter('!debug', false)('DEBUG noise'), false);
  assert.equal(lineFilter('!debug', false)('info'), true);
  assert.equal(lineFilter('', false)('anything'), true);
});
