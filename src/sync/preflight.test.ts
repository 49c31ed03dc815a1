// The pre-flight's server-side dry runs: every object is checked before anything is written, except one
// whose identical dry run (same object, same live version) already passed in the comparison.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualTimers } from '../common/timers.js';
import type { ApiResource } from '../kube/api-resource.js';
import type { KubeClient } from '../kube/client.js';
import type { Discovery } from '../kube/discovery.js';
import { KubeApiError } from '../kube/api-error.js';
import type { KubeObject } from '../model/index.js';
import type { OpDeps } from './op-deps.js';
import { planSteps } from './op-steps.js';
import { planSync } from './plan.js';
import { preflight } from './preflight.js';
import { TaskIo } from './task-io.js';
import { isPlan, liveMap, obj, planInput } from './test-fixtures.js';

const resourceOf = (kind: string): ApiResource => ({
  group: kind === 'Job' ? 'batch' : '',
  version: 'v1',
  kind,
  resource: `${kind.toLowerCase()}s`,
  namespaced: true,
  verbs: ['create', 'patch'],
});

/** Deps whose client records every dry run it is sent (and refuses the objects named in `refuse`). */
function deps(
  passed: (name: string) => boolean,
  refuse: readonly string[] = [],
  refusal: () => Error = () => new Error('admission webhook said no'),
) {
  const sent: string[] = [];
  const write = (verb: string) => (_res: ApiResource, o: KubeObject, opts: { dryRun?: boolean }) => {
    assert.equal(opts.dryRun, true, 'the pre-flight writes nothing');
    sent.push(`${verb} ${o.metadata.name ?? ''}`);
    return refuse.includes(o.metadata.name ?? '') ? Promise.reject(refusal()) : Promise.resolve(o);
  };
  const d: OpDeps = {
    client: { apply: write('apply'), create: write('create') } as unknown as KubeClient,
    discovery: {
      find: (_g: string, kind: string) => Promise.resolve(resourceOf(kind)),
    } as unknown as Discovery,
    live: {
      get: () => undefined,
      on: () => () => undefined,
      ensureType: (_g, kind) => Promise.resolve(resourceOf(kind)),
    },
    timers: new ManualTimers(),
    assessHealth: () => ({ status: 'Healthy' }),
    fieldManager: 'driftless',
    operationId: 'op',
    dryRunPassed: (task) => passed(task.resource.name),
  };
  return { deps: d, sent };
}

function steps() {
  const live = [obj('ConfigMap', 'checked'), obj('ConfigMap', 'known')];
  const desired = [
    ...live,
    obj('ConfigMap', 'new'),
    obj('Job', 'migrate', { ann: { 'argocd.argoproj.io/hook': 'PreSync' } }),
  ];
  return planSteps(isPlan(planSync(planInput({ desired, live: liveMap(live) }))));
}

test('an object whose dry run already passed is not sent again; the others and hooks are', async () => {
  const s = steps();
  const { deps: d, sent } = deps((name) => name === 'known' || name === 'migrate');
  const problems = await preflight(s, new TaskIo(d, false, new Set()), 4);
  assert.deepEqual(problems, []);
  assert.deepEqual(sent.sort(), ['apply checked', 'apply new', 'create migrate']);
});

test('without a passed dry run every object is checked, and a refusal is a problem', async () => {
  const s = steps();
  const { deps: d, sent } = deps(() => false, ['checked']);
  const problems = await preflight(s, new TaskIo(d, false, new Set()), 4);
  assert.deepEqual(
    problems.map((p) => `${p.task.resource.name}: ${p.message}`),
    ['checked: dry run failed: admission webhook said no'],
  );
  assert.equal(sent.length, 4);
});

test('a namespace that does not exist is named with what to do about it', async () => {
  const missing = () =>
    KubeApiError.fromStatus('PATCH', '/api/v1/namespaces/later/configmaps/new', 404, {
      reason: 'NotFound',
      message: 'namespaces "later" not found',
      details: { name: 'later', kind: 'namespaces' },
    });
  const { deps: d } = deps(() => false, ['new'], missing);
  const problems = await preflight(steps(), new TaskIo(d, false, new Set()), 4);
  assert.equal(problems.length, 1);
  assert.match(
    problems[0]?.message ?? '',
    /^namespace "later" does not exist: create it, .*CreateNamespace=true/,
  );
});

test('objects in a namespace this sync creates are not dry-run (the server could only say 404), nor the namespace when it is the first write', async () => {
  const desired = [obj('ConfigMap', 'inside'), obj('ConfigMap', 'elsewhere', { ns: 'other' })];
  const plan = (exists: boolean, more: KubeObject[] = []) =>
    planSteps(
      isPlan(
        planSync(
          planInput({
            desired: [...desired, ...more],
            syncPolicy: { syncOptions: ['CreateNamespace=true'] },
            destinationNamespaceExists: exists,
          }),
        ),
      ),
    );
  const absent = deps(() => false);
  assert.deepEqual(await preflight(plan(false), new TaskIo(absent.deps, false, new Set()), 4), []);
  assert.deepEqual(
    absent.sent.sort(),
    ['apply elsewhere'],
    'the Namespace alone in the first step: its apply is the first write, its refusal stops the sync as a dry run would',
  );
  // A PreSync hook in another namespace shares the Namespace's step: it would be written beside it, so the
  // Namespace is checked first.
  const hook = obj('Job', 'migrate', { ns: 'other', ann: { 'argocd.argoproj.io/hook': 'PreSync' } });
  const shared = deps(() => false);
  await preflight(plan(false, [hook]), new TaskIo(shared.deps, false, new Set()), 4);
  assert.deepEqual(shared.sent.sort(), ['apply app', 'apply elsewhere', 'create migrate']);
  const present = deps(() => false);
  await preflight(plan(true), new TaskIo(present.deps, false, new Set()), 4);
  assert.deepEqual(
    present.sent.sort(),
    ['apply elsewhere', 'apply inside'],
    'an existing namespace: checked',
  );
});
