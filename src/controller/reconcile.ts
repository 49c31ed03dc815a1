// Reconciling one Application: refresh, status, auto-sync/self-heal decision, operations, deletion.
import { errorMessage } from '../common/errors.js';
import type { Application, ApplicationStatus, Operation } from '../model/index.js';
import { ANNOTATION_REFRESH, ANNOTATION_SKIP_RECONCILE, DEFAULT_AUTOMATED_RETRY } from '../model/index.js';
import { mergeConditions, shouldAutoSync, statusHeartbeatMs } from './app-status.js';
import { checkSyncWindows } from '../policy/sync-window.js';
import { patchApp, writeStatus } from './app-writes.js';
import { mergePatch } from './merge-patch.js';
import type { ControllerContext } from './context.js';
import { finalizeApp } from './finalize.js';
import { comparedStatus } from './compared-status.js';
import { runOperation } from './operation.js';
import { refreshApp } from './refresh.js';
import { SHUTDOWN } from './shutdown.js';
import { TERMINATE } from '../sync/op-deps.js';

export interface ReconcileOutcome {
  /** Reconcile again after this many ms (retries, self-heal backoff, waiting on deletion). */
  requeueAfterMs?: number;
  /** The app has an operation to run: hand it to the operation workers. */
  operate?: boolean;
  /**
   * No such app (deleted, or a name only another instance's resources carry): nothing to poll. Its
   * creation queues it again.
   */
  gone?: boolean;
}

/** Per-app memory between reconciles that is not worth a status field. */
export interface AppMemory {
  selfHeals: number[];
  lastDriftEventRevision?: string;
}

export class Reconciler {
  private readonly memory = new Map<string, AppMemory>();
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly ctx: ControllerContext) {}

  /** Operations running now. */
  get operationsRunning(): number {
    return this.running.size;
  }

  /** Whether this app's operation is running in this process. */
  isRunning(name: string): boolean {
    return this.running.has(name);
  }

  /** Aborts the running operation of an app (status.operationState.phase = Terminating). */
  terminate(name: string): boolean {
    const c = this.running.get(name);
    c?.abort(TERMINATE);
    return c !== undefined;
  }

  /**
   * Stops running operations without recording an outcome: their `operation` and Running state stay,
   * so the next controller to start resumes them.
   */
  shutdown(): void {
    for (const c of this.running.values()) c.abort(SHUTDOWN);
  }

  /** Pauses the running operation of an app another replica now owns; that owner resumes it. */
  release(name: string): void {
    this.running.get(name)?.abort(SHUTDOWN);
    this.memory.delete(name);
  }

  async reconcile(name: string): Promise<ReconcileOutcome> {
    const ctx = this.ctx;
    let app = ctx.apps.get(name);
    if (!app) {
      this.memory.delete(name);
      ctx.apps.forget(name);
      return { gone: true };
    }
    if (app.metadata.deletionTimestamp) return finalizeApp(ctx, app);
    if (app.metadata.annotations?.[ANNOTATION_SKIP_RECONCILE] === 'true') return {};

    const refreshKind = app.metadata.annotations?.[ANNOTATION_REFRESH];
    const refreshed = await refreshApp(ctx, app, {
      hard: refreshKind === 'hard',
      refreshRevision: refreshKind === 'normal',
    });
    const now = ctx.now().toISOString();
    // reconciledAt stays as it was unless something else changes (or the heartbeat is due).
    let status: ApplicationStatus = { ...app.status };
    const decision = refreshed.ok
      ? shouldAutoSync(app, refreshed.comparison.syncStatus, refreshed.revision)
      : undefined;
    if (refreshed.ok) {
      const c = refreshed.comparison;
      status = comparedStatus(app, refreshed, decision?.condition ? [decision.condition] : [], now);
      if (
        c.syncStatus === 'OutOfSync' &&
        app.status?.sync?.status === 'Synced' &&
        (app.status.sync.revisions?.join(',') ?? app.status.sync.revision) === refreshed.revision
      ) {
        ctx.events.record(app, 'Normal', 'ResourceDrift', driftMessage(c.resources));
      }
    } else {
      // Keep the last known resources and health; never prune on a failed render.
      status.sync = { ...(app.status?.sync ?? {}), status: 'Unknown' };
      status.conditions = mergeConditions(app.status?.conditions, [refreshed.condition], now);
      // Nothing is known of a cluster that cannot be reached, its health included.
      if (!status.health || refreshed.unreachable)
        status.health = refreshed.unreachable
          ? { status: 'Unknown', message: refreshed.condition.message }
          : { status: 'Unknown' };
    }
    if (mergePatch(app.status ?? {}, status) !== undefined || this.heartbeatDue(app)) {
      app = await writeStatus(ctx, app, { ...status, reconciledAt: now });
    }
    if (refreshKind)
      app = await patchApp(ctx, app, { metadata: { annotations: { [ANNOTATION_REFRESH]: null } } });

    // An operation requested by a user (or left by a crash) goes to the operation workers.
    if (app.operation) return { operate: true };
    if (app.status?.operationState?.phase === 'Running' && !this.running.has(name)) {
      app = await writeStatus(ctx, app, {
        ...app.status,
        operationState: {
          ...app.status.operationState,
          phase: 'Failed',
          message: 'the controller restarted during the operation and the operation was cleared',
          finishedAt: now,
        },
      });
    }
    if (!refreshed.ok || !decision?.sync) return {};
    const project = ctx.apps.project(app.spec.project || 'default');
    const window = project
      ? checkSyncWindows(
          project,
          {
            app: name,
            namespace: app.spec.destination.namespace ?? '',
            server: app.spec.destination.server,
            clusterName: app.spec.destination.name,
          },
          { manual: false, nowMs: ctx.timers.now() },
        )
      : { allowed: true as const };
    if (!window.allowed) {
      ctx.log.info('auto-sync blocked by a sync window', { app: name, reason: window.reason });
      return { requeueAfterMs: 60_000 };
    }
    if (decision.reason === 'self-heal') {
      const wait = this.selfHealDelay(name);
      if (wait > 0) {
        ctx.log.info('self-heal backing off', { app: name, waitMs: wait });
        return { requeueAfterMs: wait };
      }
    }
    const operation: Operation = {
      sync: {
        ...(refreshed.revisions ? { revisions: refreshed.revisions } : { revision: refreshed.revision }),
        prune: app.spec.syncPolicy?.automated?.prune ?? false,
      },
      initiatedBy: { automated: true },
      retry: app.spec.syncPolicy?.retry ?? { ...DEFAULT_AUTOMATED_RETRY },
    };
    ctx.log.info('auto-sync', { app: name, reason: decision.reason });
    await patchApp(ctx, app, { operation });
    return { operate: true };
  }

  /**
   * Runs (or resumes) the app's pending operation, if it still has one and may run it now. The
   * outcome's delay is when to reconcile again (a retry, pruning approval); without one, the
   * operation ended (or there was none) and the app is due a comparison at once.
   */
  async operate(name: string): Promise<ReconcileOutcome> {
    const app = this.ctx.apps.get(name);
    if (!app?.operation) return {};
    // A deletion or skip-reconcile is the reconcile's to handle, as before an operation starts.
    if (app.metadata.deletionTimestamp) return {};
    if (app.metadata.annotations?.[ANNOTATION_SKIP_RECONCILE] === 'true') return {};
    const abort = new AbortController();
    this.running.set(name, abort);
    try {
      const outcome = await runOperation(this.ctx, app, app.operation, abort.signal);
      return outcome.retryAfterMs !== undefined ? { requeueAfterMs: outcome.retryAfterMs } : {};
    } catch (e) {
      this.ctx.log.error('operation failed unexpectedly', { app: name, error: errorMessage(e) });
      throw e;
    } finally {
      this.running.delete(name);
    }
  }

  /** 0 for the first heal; then doubling while heals keep coming within the backoff window. */
  private selfHealDelay(name: string): number {
    const mem = this.memory.get(name) ?? { selfHeals: [] };
    this.memory.set(name, mem);
    const { baseMs, maxMs } = this.ctx.config.selfHealBackoff;
    const now = this.ctx.timers.now();
    mem.selfHeals = mem.selfHeals.filter((t) => now - t < maxMs * 2);
    const recent = mem.selfHeals.length;
    const delay = recent === 0 ? 0 : Math.min(maxMs, baseMs * 2 ** (recent - 1));
    const last = mem.selfHeals[mem.selfHeals.length - 1] ?? 0;
    if (now - last >= delay) {
      mem.selfHeals.push(now);
      return 0;
    }
    return delay - (now - last);
  }

  /** Whether reconciledAt alone is due a write (statusHeartbeatMs). */
  private heartbeatDue(app: Application): boolean {
    const last = app.status?.reconciledAt ? Date.parse(app.status.reconciledAt) : 0;
    const every = statusHeartbeatMs(this.ctx.config.pollIntervalMs, this.ctx.appsPolled?.() ?? 0);
    return this.ctx.timers.now() - last >= every;
  }
}

function driftMessage(resources: readonly { kind: string; name: string; status: string }[]): string {
  const drifted = resources.filter((r) => r.status === 'OutOfSync').map((r) => `${r.kind}/${r.name}`);
  return `drift detected: ${drifted.slice(0, 10).join(', ')}${drifted.length > 10 ? ` and ${drifted.length - 10} more` : ''}`;
}
