// Table tests of operationPhaseFrom and of the dry-run plan summary.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { operationPhaseFrom, type PhaseOptions, type TaskOutcome } from './operation-phase.js';
import { planSync } from './plan.js';
import { summarizePlan } from './plan-summary.js';
import { isPlan, liveMap, obj, planInput } from './test-fixtures.js';

describe('operationPhaseFrom', () => {
  const ok: TaskOutcome = { key: 'a', status: 'Synced' };
  const cases: {
    name: string;
    results: TaskOutcome[];
    opts?: PhaseOptions;
    phase: string;
    message?: RegExp;
  }[] = [
    { name: 'nothing to do', results: [], phase: 'Succeeded' },
    {
      name: 'all synced, pruned or skipped',
      results: [ok, { key: 'b', status: 'Pruned' }, { key: 'c', status: 'PruneSkipped' }],
      phase: 'Succeeded',
    },
    { name: 'a hook still running', results: [ok, { key: 'h', hookPhase: 'Running' }], phase: 'Running' },
    { name: 'tasks left', results: [ok], opts: { remainingTasks: 2 }, phase: 'Running' },
    {
      name: 'apply failed',
      results: [ok, { key: 'b', status: 'SyncFailed', message: 'invalid' }],
      phase: 'Failed',
      message: /b: invalid/,
    },
    {
      name: 'hook failed',
      results: [{ key: 'h', hookPhase: 'Failed' }],
      opts: { remainingTasks: 3 },
      phase: 'Failed',
    },
    {
      name: 'failure waits for running hooks',
      results: [
        { key: 'b', status: 'SyncFailed' },
        { key: 'h', hookPhase: 'Pending' },
      ],
      phase: 'Running',
    },
    {
      name: 'awaiting prune confirmation',
      results: [ok],
      opts: { awaitingConfirmation: 1 },
      phase: 'Running',
      message: /confirmation/,
    },
    {
      name: 'terminating with running hooks',
      results: [{ key: 'h', hookPhase: 'Running' }],
      opts: { terminating: true },
      phase: 'Terminating',
    },
    {
      name: 'terminated',
      results: [ok],
      opts: { terminating: true },
      phase: 'Failed',
      message: /terminated/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = operationPhaseFrom(c.results, c.opts);
      assert.equal(got.phase, c.phase);
      if (c.message !== undefined) assert.match(got.message, c.message);
    });
  }
});

describe('summarizePlan', () => {
  it('lists phases, waves, prunes, skips and counts', () => {
    const plan = isPlan(
      planSync(
        planInput({
          dryRun: true,
          desired: [
            obj('ConfigMap', 'c'),
            obj('Job', 'pre', { ann: { 'argocd.argoproj.io/hook': 'PreSync' } }),
          ],
          live: liveMap([
            obj('Secret', 'old'),
            obj('Secret', 'kept', { ann: { 'argocd.argoproj.io/sync-options': 'Prune=false' } }),
          ]),
        }),
      ),
    );
    const s = summarizePlan(plan);
    assert.deepEqual(s.counts, { apply: 1, prune: 1, hook: 1, skipped: 1 });
    assert.deepEqual(s.lines, [
      'dry run: 1 to apply, 1 hook(s), 1 to prune, 1 skipped',
      'PreSync',
      '  wave 0:',
      '    hook  Job.batch app/pre  (delete: BeforeHookCreation)',
      'Sync',
      '  wave 0:',
      '    apply ConfigMap app/c  (create)',
      '  prune wave 0:',
      '    prune Secret app/old  (propagation: foreground)',
      'Skipped',
      '    /Secret/app/kept: ignored (Prune=false)',
    ]);
  });
});
