// A readable summary of a plan, for dry-run output and logs.
import { describeKey } from '../model/index.js';
import type { SyncPlan, SyncTask, SyncWave } from './plan-types.js';

export interface PlanSummary {
  counts: { apply: number; prune: number; hook: number; skipped: number };
  lines: string[];
}

function taskLine(t: SyncTask): string {
  const extras: string[] = [];
  if (t.kind === 'hook' && t.hookDeletePolicies !== undefined)
    extras.push(`delete: ${t.hookDeletePolicies.join(',') || 'never'}`);
  if (t.kind === 'apply' && t.live === undefined) extras.push('create');
  if (t.syncOptions.replace) extras.push('replace');
  if (t.syncOptions.force) extras.push('force');
  if (t.syncOptions.serverSideApply && t.kind !== 'prune') extras.push('server-side');
  if (t.kind === 'prune') extras.push(`propagation: ${t.syncOptions.prunePropagationPolicy}`);
  if (t.managedNamespace === true) extras.push('CreateNamespace');
  const suffix = extras.length > 0 ? `  (${extras.join(', ')})` : '';
  return `    ${t.kind.padEnd(5)} ${describeKey(t.resource)}${suffix}`;
}

function waveLines(title: string, waves: readonly SyncWave[]): string[] {
  if (waves.length === 0) return [];
  const lines = [title];
  for (const w of waves) {
    const what = w.tasks[0]?.kind === 'prune' ? 'prune wave' : 'wave';
    lines.push(`  ${what} ${w.wave}:`, ...w.tasks.map(taskLine));
  }
  return lines;
}

export function summarizePlan(plan: SyncPlan): PlanSummary {
  const counts = { apply: 0, prune: 0, hook: 0, skipped: plan.skipped.length };
  const all = [...plan.phases.flatMap((p) => p.waves.flatMap((w) => w.tasks)), ...plan.pruneLast];
  for (const t of all) counts[t.kind]++;
  const lines = [
    `${plan.dryRun ? 'dry run: ' : ''}${counts.apply} to apply, ${counts.hook} hook(s), ${counts.prune} to prune, ${counts.skipped} skipped`,
  ];
  for (const p of plan.phases) lines.push(...waveLines(p.phase, p.waves));
  if (plan.pruneLast.length > 0) lines.push('PruneLast', ...plan.pruneLast.map(taskLine));
  lines.push(...waveLines('SyncFail (only if the sync fails)', plan.syncFail));
  if (plan.skipped.length > 0)
    lines.push('Skipped', ...plan.skipped.map((s) => `    ${s.key}: ${s.message}`));
  if (plan.warnings.length > 0) lines.push('Warnings', ...plan.warnings.map((w) => `    ${w}`));
  return { counts, lines };
}
