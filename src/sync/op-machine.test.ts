// The operation state machine on plain values and a manual clock: transitions, retries, terminate, resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceResult } from '../model/index.js';
import { next, nextAction, resumeState, startState } from './op-machine.js';
import { operationMessage } from './op-message.js';
import type { OpAction, OpEvent, OpState, RetryPolicy } from './op-state.js';
import { planSteps, type OpSteps } from './op-steps.js';
import { planSync } from './plan.js';
import type { SyncTask } from './plan-types.js';
import { isPlan, obj, planInput } from './test-fixtures.js';

const HOOK = 'argocd.argoproj.io/hook';
const WAVE = 'argocd.argoproj.io/sync-wave';
const TIMEOUT = 60_000;
const NO_RETRY: RetryPolicy = { limit: undefined, backoff: {} };

function steps(opts: { dryRun?: boolean; confirm?: boolean; hookPolicy?: string } = {}): OpSteps {
  const policy = opts.hookPolicy ? { 'argocd.argoproj.io/hook-delete-policy': opts.hookPolicy } : {};
  const desired = [
    obj('Job', 'migrate', { ann: { [HOOK]: 'PreSync', ...policy } }),
    obj('ConfigMap', 'a', { ann: { [WAVE]: '0' } }),
    obj('Deployment', 'api', { ann: { [WAVE]: '1' } }),
    obj('Service', 'web', { ann: { [WAVE]: '2' } }),
    obj('Job', 'smoke', { ann: { [HOOK]: 'PostSync' } }),
    obj('ConfigMap', 'marker', { ann: { [HOOK]: 'SyncFail' } }),
  ];
  const live = opts.confirm
    ? new Map([
        [
          '/ConfigMap/app/old',
          obj('ConfigMap', 'old', { ann: { 'argocd.argoproj.io/sync-options': 'Prune=confirm' } }),
        ],
      ])
    : new Map();
  return planSteps(isPlan(planSync(planInput({ desired, live, dryRun: opts.dryRun ?? false }))));
}

const names = (tasks: readonly SyncTask[]) => tasks.map((t) => `${t.phase}:${t.resource.name}`);
const run = (a: OpAction) => (a.kind === 'run' ? names(a.tasks) : []);
const awaited = (a: OpAction) => (a.kind === 'await' ? names(a.tasks) : []);

/** The events a healthy cluster answers an action with. */
function cooperative(a: OpAction, s: OpState): OpEvent[] {
  if (a.kind === 'plan') return [{ type: 'planned', steps: steps() }];
  if (a.kind === 'preflight') return [{ type: 'preflightPassed' }];
  if (a.kind === 'run')
    return a.tasks.map((task) =>
      task.kind === 'hook'
        ? {
            type: 'taskDone',
            task,
            status: 'Synced',
            message: 'created',
            hookPhase: 'Running',
            uid: `uid-${task.resource.name}`,
          }
        : { type: 'taskDone', task, status: task.kind === 'prune' ? 'Pruned' : 'Synced', message: 'ok' },
    );
  if (a.kind === 'await') {
    const events: OpEvent[] = s.waitingSince === undefined ? [{ type: 'waitStarted' }] : [];
    return [
      ...events,
      ...a.tasks.map((task): OpEvent =>
        task.kind === 'hook'
          ? { type: 'hookFinished', task, ok: true, message: 'done' }
          : { type: 'healthy', task },
      ),
    ];
  }
  if (a.kind === 'cleanup') return [{ type: 'hooksCleaned', tasks: a.tasks }];
  if (a.kind === 'terminateHooks') return [{ type: 'hooksTerminated', tasks: a.tasks }];
  return [];
}

/** Plays actions against `respond` until the machine stops asking; returns the final state and the trail. */
function play(
  state: OpState,
  respond: (a: OpAction, s: OpState) => OpEvent[] = cooperative,
  now = 0,
): { state: OpState; trail: string[] } {
  const trail: string[] = [];
  for (let i = 0; i < 100; i++) {
    const a = nextAction(state, now);
    trail.push(
      a.kind === 'run'
        ? `run ${run(a).join(',')}`
        : a.kind === 'await'
          ? `await ${awaited(a).join(',')}`
          : a.kind,
    );
    const events = respond(a, state);
    if (events.length === 0) return { state, trail };
    for (const e of events) state = next(state, e, now);
  }
  assert.fail(`no end after 100 actions: ${trail.join(' → ')}`);
}

const result = (s: OpState, name: string, phase?: string) =>
  s.results.find((r) => r.name === name && (phase === undefined || r.syncPhase === phase));

test('a sync walks PreSync, each wave (awaiting health), PostSync, and succeeds', () => {
  const { state, trail } = play(startState(NO_RETRY, TIMEOUT));
  assert.deepEqual(trail, [
    'plan',
    'preflight',
    'run PreSync:migrate',
    'await PreSync:migrate',
    'run Sync:a',
    'await Sync:a',
    'run Sync:api',
    'await Sync:api',
    'run Sync:web',
    'await Sync:web',
    'run PostSync:smoke',
    'await PostSync:smoke',
    'done',
  ]);
  assert.equal(state.phase, 'Succeeded');
  assert.equal(state.message, 'successfully synced (sync; 5 applied, 0 pruned)');
  assert.equal(result(state, 'migrate')?.hookPhase, 'Succeeded');
  assert.equal(result(state, 'migrate')?.uid, 'uid-migrate', 'the uid survives later updates');
  assert.equal(result(state, 'api', 'Sync')?.syncWave, 1);
});

test('a dry run has no pre-flight, awaits nothing and marks hooks as would-run', () => {
  const dry = steps({ dryRun: true });
  const { state, trail } = play(startState(NO_RETRY, TIMEOUT), (a, s) =>
    a.kind === 'plan'
      ? [{ type: 'planned', steps: dry }]
      : a.kind === 'run'
        ? a.tasks.map(
            (task) =>
              ({
                type: 'taskDone',
                task,
                status: 'Synced',
                message: 'dry',
                hookPhase: 'Succeeded',
              }) as OpEvent,
          )
        : cooperative(a, s),
  );
  assert.ok(!trail.includes('preflight'));
  assert.ok(!trail.some((t) => t.startsWith('await')));
  assert.equal(state.phase, 'Succeeded');
  assert.match(state.message ?? '', /dry run/);
});

test('a failed pre-flight applies nothing, runs SyncFail hooks and fails naming each problem', () => {
  const { state, trail } = play(startState(NO_RETRY, TIMEOUT), (a, s) => {
    if (a.kind !== 'preflight') return cooperative(a, s);
    const tasks = a.steps.main.flatMap((st) => st.tasks);
    const api = tasks.find((t) => t.resource.kind === 'Deployment');
    const svc = tasks.find((t) => t.resource.kind === 'Service');
    assert.ok(api && svc);
    return [
      {
        type: 'preflightFailed',
        problems: [
          { task: api, message: 'the server does not know apps/v1 Deployment' },
          { task: svc, message: 'dry run failed: bad port' },
        ],
      },
    ];
  });
  assert.deepEqual(trail, ['plan', 'preflight', 'run SyncFail:marker', 'await SyncFail:marker', 'done']);
  assert.equal(state.phase, 'Failed');
  assert.match(state.message ?? '', /Deployment.apps app\/api: the server does not know/);
  assert.match(state.message ?? '', /Service app\/web: dry run failed: bad port/);
  assert.equal(result(state, 'migrate'), undefined, 'no hook ran');
});

test('a failed task stops the waves, runs SyncFail and fails; later waves never run', () => {
  const { state, trail } = play(startState(NO_RETRY, TIMEOUT), (a, s) =>
    a.kind === 'run' && a.tasks.some((t) => t.resource.kind === 'Deployment')
      ? a.tasks.map((task) => ({ type: 'taskFailed', task, message: 'refused' }) as OpEvent)
      : cooperative(a, s),
  );
  assert.ok(!trail.includes('run Sync:web'), 'wave 2 never ran');
  assert.ok(!trail.includes('run PostSync:smoke'));
  assert.equal(trail.at(-3), 'run SyncFail:marker');
  assert.equal(state.phase, 'Failed');
  assert.equal(state.message, 'Deployment.apps app/api: refused');
  assert.equal(result(state, 'api', 'Sync')?.status, 'SyncFailed');
});

test('a Degraded resource or a failed hook fails the operation; HookFailed hooks are deleted', () => {
  const degraded = play(startState(NO_RETRY, TIMEOUT), (a, s) =>
    a.kind === 'await' && a.tasks.some((t) => t.resource.kind === 'Deployment')
      ? [
          { type: 'waitStarted' },
          ...a.tasks.map((task) => ({ type: 'degraded', task, message: 'Degraded: crash' }) as OpEvent),
        ]
      : cooperative(a, s),
  );
  assert.equal(degraded.state.phase, 'Failed');
  assert.match(degraded.state.message ?? '', /Deployment.apps app\/api: Degraded: crash/);

  const hookSteps = steps({ hookPolicy: 'HookFailed' });
  const failedHook = play(startState(NO_RETRY, TIMEOUT), (a, s) =>
    a.kind === 'plan'
      ? [{ type: 'planned', steps: hookSteps }]
      : a.kind === 'await' && a.tasks.some((t) => t.resource.name === 'migrate')
        ? [
            { type: 'waitStarted' },
            ...a.tasks.map(
              (task) => ({ type: 'hookFinished', task, ok: false, message: 'Degraded: exit 1' }) as OpEvent,
            ),
          ]
        : cooperative(a, s),
  );
  assert.deepEqual(failedHook.trail.slice(3, 5), ['await PreSync:migrate', 'cleanup']);
  assert.equal(result(failedHook.state, 'migrate')?.hookPhase, 'Failed');
  assert.equal(result(failedHook.state, 'migrate')?.uid, 'uid-migrate');
  assert.equal(failedHook.state.phase, 'Failed');
});

test('HookSucceeded hooks are deleted once they succeed, before the next wave', () => {
  const hookSteps = steps({ hookPolicy: 'HookSucceeded' });
  const { trail, state } = play(startState(NO_RETRY, TIMEOUT), (a, s) =>
    a.kind === 'plan' ? [{ type: 'planned', steps: hookSteps }] : cooperative(a, s),
  );
  assert.deepEqual(trail.slice(3, 6), ['await PreSync:migrate', 'cleanup', 'run Sync:a']);
  assert.equal(state.phase, 'Succeeded');
});

test('a step that waits longer than the wave timeout fails at the manual clock tick, not before', () => {
  let s = startState(NO_RETRY, TIMEOUT);
  s = next(s, { type: 'planned', steps: steps() }, 0);
  s = next(s, { type: 'preflightPassed' }, 0);
  const a = nextAction(s, 0);
  assert.equal(a.kind, 'run');
  if (a.kind !== 'run') return;
  const [migrate] = a.tasks;
  assert.ok(migrate);
  s = next(
    s,
    { type: 'taskDone', task: migrate, status: 'Synced', message: 'created', hookPhase: 'Running' },
    1_000,
  );
  s = next(s, { type: 'waitStarted' }, 1_000);
  const waiting = nextAction(s, 1_000);
  assert.equal(waiting.kind === 'await' && waiting.until, 61_000);
  s = next(s, { type: 'tick' }, 60_999);
  assert.equal(nextAction(s, 60_999).kind, 'await');
  s = next(s, { type: 'tick' }, 61_000);
  assert.equal(result(s, 'migrate')?.hookPhase, 'Failed');
  assert.equal(result(s, 'migrate')?.message, 'did not complete within 60s');
  assert.deepEqual(run(nextAction(s, 61_000)), ['SyncFail:marker'], 'SyncFail runs after the timeout');
});

test('retries wait duration × factor^n on the manual clock, then fail saying how many there were', () => {
  const policy: RetryPolicy = { limit: 2, backoff: { duration: '1s', factor: 2, maxDuration: '3m' } };
  let s = startState(policy, TIMEOUT);
  const fail = (at: number) => {
    s = next(s, { type: 'failed', phase: 'Error', message: 'render failed' }, at);
  };
  fail(10_000);
  assert.equal(s.phase, 'Running');
  assert.equal(s.retryCount, 1);
  assert.equal(s.finishedAt, 10_000);
  assert.match(operationMessage(s, 10_000), /render failed\. Retrying attempt #1 in 1s/);
  assert.deepEqual(nextAction(s, 10_000), { kind: 'retryWait', until: 11_000 });
  s = next(s, { type: 'tick' }, 10_999);
  assert.equal(s.finishedAt, 10_000, 'not due yet');
  s = next(s, { type: 'tick' }, 11_000);
  assert.equal(s.finishedAt, undefined);
  assert.equal(nextAction(s, 11_000).kind, 'plan', 'a retry plans again');
  assert.equal(operationMessage(s, 11_000), 'starting (retry attempt #1)');
  fail(20_000);
  assert.deepEqual(nextAction(s, 20_000), { kind: 'retryWait', until: 22_000 }, 'the second retry waits 2s');
  s = next(s, { type: 'tick' }, 22_000);
  fail(30_000);
  assert.equal(s.phase, 'Error');
  assert.equal(s.message, 'render failed (retried 2 times).');
});

test('the retry delay is capped by maxDuration; a negative limit retries forever', () => {
  let s = startState({ limit: -1, backoff: { duration: '10s', factor: 10, maxDuration: '30s' } }, TIMEOUT);
  for (let i = 0; i < 5; i++) {
    s = next(s, { type: 'failed', phase: 'Failed', message: 'x' }, 0);
    const a = nextAction(s, 0);
    assert.equal(a.kind, 'retryWait');
    if (a.kind === 'retryWait') assert.equal(a.until, Math.min(30_000, 10_000 * 10 ** i));
    s = next(s, { type: 'tick' }, 1_000_000);
  }
});

/** States an operation can be in, each reached by the cooperative cluster, with the action it asks for. */
function statesAlongTheWay(): { name: string; state: OpState }[] {
  const out: { name: string; state: OpState }[] = [];
  let s = startState({ limit: 1, backoff: { duration: '5s' } }, TIMEOUT);
  for (let i = 0; i < 40 && nextAction(s, 0).kind !== 'done'; i++) {
    const a = nextAction(s, 0);
    out.push({ name: `${a.kind} ${[...run(a), ...awaited(a)].join(',')}`, state: s });
    for (const e of cooperative(a, s)) s = next(s, e, 0);
  }
  return out;
}

test('terminate in every phase ends Failed "operation terminated"; running hooks are deleted first', () => {
  const cases = statesAlongTheWay();
  let retryWait = startState({ limit: 1, backoff: {} }, TIMEOUT);
  retryWait = next(retryWait, { type: 'failed', phase: 'Failed', message: 'x' }, 0);
  cases.push({ name: 'retryWait', state: retryWait });
  cases.push({
    name: 'awaitPruneConfirmation',
    state: play(startState(NO_RETRY, TIMEOUT), (a, st) =>
      a.kind === 'plan' ? [{ type: 'planned', steps: steps({ confirm: true }) }] : cooperative(a, st),
    ).state,
  });
  assert.ok(cases.length >= 10);
  for (const c of cases) {
    let s = next(c.state, { type: 'terminate' }, 0);
    const hooksRunning = c.state.results.some((r) => r.hookPhase === 'Running');
    const a = nextAction(s, 0);
    if (hooksRunning) {
      assert.equal(a.kind, 'terminateHooks', c.name);
      for (const e of cooperative(a, s)) s = next(s, e, 0);
    }
    assert.equal(s.phase, 'Failed', c.name);
    assert.equal(s.message, 'operation terminated', c.name);
    assert.ok(!s.results.some((r) => r.hookPhase === 'Running'), c.name);
  }
});

test('waiting for Prune=confirm keeps the operation Running; once approved the prune runs', () => {
  const waiting = play(startState(NO_RETRY, TIMEOUT), (a, s) =>
    a.kind === 'plan' ? [{ type: 'planned', steps: steps({ confirm: true }) }] : cooperative(a, s),
  );
  assert.equal(waiting.trail.at(-1), 'awaitPruneConfirmation');
  assert.equal(waiting.state.phase, 'Running');
  assert.match(
    operationMessage(waiting.state, 0),
    /waiting for pruning confirmation of \/ConfigMap\/app\/old/,
  );
});

/** What a restart reads back: only the persisted fields. */
function persisted(s: OpState): OpState {
  return resumeState(
    {
      phase: s.phase,
      retryCount: s.retryCount,
      finishedAt: s.finishedAt,
      results: JSON.parse(JSON.stringify(s.results)) as ResourceResult[],
    },
    s.retry,
    TIMEOUT,
  );
}

test('resume from every persisted state: finished tasks are not repeated, running hooks are awaited', () => {
  for (const c of statesAlongTheWay()) {
    const before = nextAction(c.state, 0);
    let s = persisted(c.state);
    // A restart plans again; the plan is the same for a pinned revision.
    if (c.state.steps !== undefined) {
      assert.equal(nextAction(s, 0).kind, 'plan', c.name);
      s = next(s, { type: 'planned', steps: steps() }, 0);
    }
    let after = nextAction(s, 0);
    if (after.kind === 'preflight' && before.kind !== 'preflight') {
      // Nothing was applied yet: the pre-flight runs again (it writes nothing).
      assert.ok(!c.state.results.some((r) => r.syncPhase !== undefined), c.name);
      s = next(s, { type: 'preflightPassed' }, 0);
      after = nextAction(s, 0);
    }
    // Health is not persisted: resources of finished waves are looked at again (no write).
    const same = () => JSON.stringify(awaited(after)) === JSON.stringify(awaited(before));
    while ((before.kind === 'run' || before.kind === 'await') && after.kind === 'await' && !same()) {
      assert.ok(
        after.tasks.every((t) => t.kind === 'apply'),
        c.name,
      );
      for (const e of cooperative(after, s)) s = next(s, e, 0);
      after = nextAction(s, 0);
    }
    if (before.kind === 'run')
      assert.deepEqual(run(after), run(before), `${c.name}: the same tasks, no others`);
    if (before.kind === 'await') {
      // Health is looked at again (it is not persisted); hooks still running are awaited, not created.
      assert.equal(after.kind, 'await', c.name);
      assert.deepEqual(awaited(after), awaited(before), c.name);
    }
    if (before.kind === 'preflight' || before.kind === 'plan') assert.equal(after.kind, before.kind, c.name);
    const rest = play(s);
    const again = rest.trail.filter((t) => t.startsWith('run')).flatMap((t) => t.slice(4).split(','));
    const done = c.state.results
      .filter((r) => r.syncPhase !== undefined)
      .map((r) => `${r.syncPhase}:${r.name}`);
    assert.deepEqual(
      again.filter((t) => done.includes(t)),
      [],
      `${c.name}: nothing finished runs again`,
    );
    assert.equal(rest.state.phase, 'Succeeded', c.name);
  }
});

test('resume: a waiting retry stays waiting; Terminating with a running hook deletes it; a failed attempt runs SyncFail', () => {
  let waiting = startState({ limit: 3, backoff: { duration: '5s' } }, TIMEOUT);
  waiting = next(waiting, { type: 'failed', phase: 'Failed', message: 'x' }, 1_000);
  assert.deepEqual(nextAction(persisted(waiting), 2_000), { kind: 'retryWait', until: 6_000 });

  const hookRunning = statesAlongTheWay().find((c) => c.name === 'await PreSync:migrate');
  assert.ok(hookRunning);
  let t = persisted({ ...hookRunning.state, phase: 'Terminating' });
  assert.equal(nextAction(t, 0).kind, 'plan');
  t = next(t, { type: 'planned', steps: steps() }, 0);
  const kill = nextAction(t, 0);
  assert.equal(kill.kind === 'terminateHooks' && names(kill.tasks).join(), 'PreSync:migrate');

  const terminatingIdle = persisted({ ...startState(NO_RETRY, TIMEOUT), phase: 'Terminating' });
  assert.equal(next(terminatingIdle, { type: 'tick' }, 0).phase, 'Failed');

  const wave1 = statesAlongTheWay().find((c) => c.name === 'run Sync:api');
  assert.ok(wave1);
  const [api] = steps().main[2]?.tasks ?? [];
  assert.ok(api);
  let failed = next(wave1.state, { type: 'taskFailed', task: api, message: 'refused' }, 0);
  failed = next(persisted(failed), { type: 'planned', steps: steps() }, 0);
  assert.deepEqual(run(nextAction(failed, 0)), ['SyncFail:marker']);
});
