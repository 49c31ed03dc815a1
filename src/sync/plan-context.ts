// What every planning step shares: the input, the app-level options, the selection, and the findings.
import { keyString } from '../model/index.js';
import type { PlanInput, PlanProblem, SkippedResource } from './plan-types.js';
import { mergeSyncOptions, parseSyncOptions, type SyncOptions } from './sync-options.js';

export interface PlanContext {
  input: PlanInput;
  /** App options overlaid by the operation's; resource annotations go on top per task. */
  appOptions: Partial<SyncOptions>;
  effective: SyncOptions;
  /** Selective sync: the keys asked for; undefined means everything. */
  selected: ReadonlySet<string> | undefined;
  warnings: string[];
  problems: PlanProblem[];
  skipped: SkippedResource[];
  awaitingConfirmation: string[];
}

export function newPlanContext(input: PlanInput): PlanContext {
  const app = parseSyncOptions(input.syncPolicy?.syncOptions, 'spec.syncPolicy.syncOptions');
  const op = parseSyncOptions(input.operation.syncOptions, 'operation.sync.syncOptions');
  // Key by key rather than wholesale: an operation that sets Replace=true must not silently drop
  // the app's CreateNamespace=true.
  const appOptions = { ...app.options, ...op.options };
  const resources = input.operation.resources ?? [];
  const selected =
    resources.length === 0
      ? undefined
      : new Set(
          resources.map((r) =>
            keyString({ group: r.group ?? '', kind: r.kind, namespace: r.namespace ?? '', name: r.name }),
          ),
        );
  return {
    input,
    appOptions,
    effective: mergeSyncOptions(appOptions),
    selected,
    warnings: [...app.warnings, ...op.warnings],
    problems: [],
    skipped: [],
    awaitingConfirmation: [],
  };
}
