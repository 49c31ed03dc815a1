// status.operationState from the machine's state and back, and the throttled writer that keeps it current.
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import type { OperationState } from '../model/index.js';
import { resumeState } from '../sync/op-machine.js';
import { operationMessage } from '../sync/op-message.js';
import { isFinalPhase, type OpState, type RetryPolicy } from '../sync/op-state.js';
import { writeStatus } from './app-writes.js';
import type { ControllerContext } from './context.js';
import type { OperationRun } from './operation-plan.js';

const PROGRESS_WRITE_INTERVAL_MS = 1_000;
/**
 * Progress writes of all running operations together stay near five a second: with many operations in
 * flight (a burst of first syncs) each app's progress is written less often, and the apiserver's
 * capacity goes to the applies. Durable states are written at once whatever the spacing.
 */
const PROGRESS_WRITES_PER_SECOND = 5;

/** How long an operation's progress waits after its last write, with `running` operations in flight. */
export function progressInterval(running: number): number {
  return Math.max(PROGRESS_WRITE_INTERVAL_MS, Math.ceil((running * 1_000) / PROGRESS_WRITES_PER_SECOND));
}

/** What a restart needs, in Argo CD's operationState shape (the wave and uid of each result included). */
export function toOperationState(ctx: ControllerContext, run: OperationRun, state: OpState): OperationState {
  const now = ctx.timers.now();
  const out: OperationState = {
    operation: run.operation,
    phase: state.phase,
    message: operationMessage(state, now),
    startedAt: run.startedAt,
    retryCount: state.retryCount,
    syncResult: {
      resources: state.results,
      revision: run.revision,
      ...(run.source && !run.sources ? { source: run.source } : {}),
      ...(run.revisions ? { revisions: run.revisions } : {}),
      ...(run.sources ? { sources: run.sources } : {}),
    },
  };
  if (state.finishedAt !== undefined) out.finishedAt = new Date(state.finishedAt).toISOString();
  else if (isFinalPhase(state.phase)) out.finishedAt = new Date(now).toISOString();
  return out;
}

/** The machine's state of an operation that was Running (or Terminating) when last written. */
export function fromOperationState(prev: OperationState, retry: RetryPolicy, waveTimeoutMs: number): OpState {
  const finishedAt = prev.finishedAt === undefined ? undefined : Date.parse(prev.finishedAt);
  return resumeState(
    {
      phase: prev.phase,
      retryCount: prev.retryCount,
      finishedAt: Number.isFinite(finishedAt) ? finishedAt : undefined,
      results: prev.syncResult?.resources ?? [],
    },
    retry,
    waveTimeoutMs,
  );
}

/** What a restart needs from a written operationState (the message is progress, not state). */
function durableKey(run: OperationRun, state: OpState): string {
  const { phase, retryCount, results, finishedAt } = state;
  const { revision, revisions, source, sources } = run;
  return JSON.stringify([phase, retryCount, finishedAt, results, revision, revisions, source, sources]);
}

/**
 * Writes operationState: progress at most once a second, less often while many operations run
 * (progressInterval; the last update never lost), and at
 * once when asked (before each write to the cluster, so what a restart needs is durable first). A flush whose
 * durable part is already written (or being written) waits for that write instead of making another;
 * `always` writes the message too (where the operation stops and the message is what users read).
 */
export class OperationStatusWriter {
  private chain: Promise<unknown> = Promise.resolve();
  private trailing: unknown;
  /**
   * Starts at the operation's start: its first progress (Running) is written one interval in, or by
   * the checkpoint before its first write to the cluster, whichever comes first: not twice.
   */
  private lastWrite: number;
  private latest: OpState | undefined;
  /** durableKey of the last write started (cleared when it fails). */
  private durable: string | undefined;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly run: OperationRun,
    private readonly log: Logger,
  ) {
    this.lastWrite = ctx.timers.now();
  }

  schedule(state: OpState): void {
    this.latest = state;
    // The final state is the caller's to write, with its history and comparison: not twice.
    if (isFinalPhase(state.phase)) return this.stop();
    if (this.trailing !== undefined) return;
    const interval = progressInterval(this.ctx.operationsRunning?.() ?? 1);
    const wait = interval - (this.ctx.timers.now() - this.lastWrite);
    if (wait <= 0) void this.write().catch(() => undefined);
    else this.trailing = this.ctx.timers.setTimeout(() => void this.write().catch(() => undefined), wait);
  }

  /** Writes `state` now (after any write in flight); a failed write fails the caller. */
  async flush(state: OpState, opts: { always?: boolean } = {}): Promise<void> {
    this.latest = state;
    const key = durableKey(this.run, state);
    if (key === this.durable && !opts.always) {
      await this.chain;
      if (key === this.durable) return this.schedule(state);
    }
    await this.write();
  }

  private write(): Promise<void> {
    if (this.trailing !== undefined) this.ctx.timers.clearTimeout(this.trailing);
    this.trailing = undefined;
    this.lastWrite = this.ctx.timers.now();
    const state = this.latest;
    const key = state === undefined ? undefined : durableKey(this.run, state);
    this.durable = key;
    const next = this.chain.then(async () => {
      if (state === undefined) return;
      const run = this.run;
      run.app = await writeStatus(this.ctx, run.app, {
        ...run.app.status,
        operationState: toOperationState(this.ctx, run, state),
      });
    });
    this.chain = next.catch((e: unknown) => {
      if (this.durable === key) this.durable = undefined;
      this.log.debug('operationState write failed', { error: errorMessage(e) });
    });
    return next;
  }

  /** Cancels a pending progress write (the caller writes the final state itself). */
  stop(): void {
    if (this.trailing !== undefined) this.ctx.timers.clearTimeout(this.trailing);
    this.trailing = undefined;
  }
}
