// The notifications controller: on each Application change (and when a retry or a drift window is
// due) evaluates the app's subscriptions, records what it is about to send on the app, sends, and
// records the outcome — so a restart resumes pending deliveries and never resends delivered ones.
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import { realTimers, type Timers } from '../common/timers.js';
import type { Application, AppProject, KubeObject } from '../model/index.js';
import { DRIFT_RESOLVED_TRIGGER, DRIFT_TRIGGER } from './catalog.js';
import type { NotificationConfig } from './config.js';
import { deliver } from './deliver.js';
import {
  afterFailure,
  planDeliveries,
  readState,
  stateAnnotations,
  type DeliveryState,
  type PendingDelivery,
  type RetryPolicy,
} from './delivery-state.js';
import type { DriftOptions } from './drift.js';
import { driftActions } from './drift-actions.js';
import { NotifyStats } from './stats.js';
import { subscriptionsOf } from './subscriptions.js';
import { evaluateTriggers } from './triggers.js';

/** What the notifier needs from the rest of the product (wired in src/main). */
export interface NotifierPorts {
  apps(): Application[];
  app(name: string): Application | undefined;
  /** Calls back with each added or modified Application; returns how to stop. */
  onAppChange(cb: (app: Application) => void): () => void;
  project(name: string): AppProject | undefined;
  /** The configuration argocd-notifications-cm and -secret hold now (parsed again only when they change). */
  config(): NotificationConfig;
  /** Merge-patches metadata.annotations (null removes); returns the written app. */
  patchAnnotations(app: Application, annotations: Record<string, string | null>): Promise<Application>;
  /** The live object with managedFields (for who changed a drifted object). */
  liveObject(ref: {
    group: string;
    version: string;
    kind: string;
    namespace: string;
    name: string;
  }): Promise<KubeObject | undefined>;
  event(app: Application, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

export interface NotifierOptions {
  ports: NotifierPorts;
  log: Logger;
  timers?: Timers;
  retry?: RetryPolicy;
  drift?: DriftOptions;
  /** Our field manager: its writes are Driftless's own, never drift. */
  fieldManager: string;
}

export class Notifier {
  readonly stats = new NotifyStats();
  private readonly timers: Timers;
  private readonly queued = new Set<string>();
  private readonly wakeups = new Map<string, { at: number; handle: unknown }>();
  private running: Promise<void> | undefined;
  private stopWatching: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly opts: NotifierOptions) {
    this.timers = opts.timers ?? realTimers;
  }

  start(): void {
    this.stopWatching = this.opts.ports.onAppChange((app) => this.enqueue(app.metadata.name));
    for (const app of this.opts.ports.apps()) this.enqueue(app.metadata.name);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopWatching?.();
    for (const w of this.wakeups.values()) this.timers.clearTimeout(w.handle);
    this.wakeups.clear();
    await this.running;
  }

  /** The configuration as the ConfigMap and Secret say now. */
  config(): NotificationConfig {
    return this.opts.ports.config();
  }

  /** Resolves once every queued app has been evaluated (for the CLI's `trigger run` and tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private enqueue(name: string): void {
    if (this.stopped) return;
    this.queued.add(name);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private wakeAt(name: string, at: number): void {
    const existing = this.wakeups.get(name);
    if (existing && existing.at <= at) return;
    if (existing) this.timers.clearTimeout(existing.handle);
    const handle = this.timers.setTimeout(
      () => {
        this.wakeups.delete(name);
        this.enqueue(name);
      },
      Math.max(0, at - this.timers.now()),
    );
    this.wakeups.set(name, { at, handle });
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.queued.size > 0) {
      const [name] = this.queued;
      if (name === undefined) break;
      this.queued.delete(name);
      const app = this.opts.ports.app(name);
      if (!app) continue;
      try {
        await this.evaluate(app);
      } catch (e) {
        this.opts.log.warn('notifications: evaluation failed', { app: name, error: errorMessage(e) });
      }
    }
  }

  private async evaluate(app: Application): Promise<void> {
    const config = this.config();
    const project = this.opts.ports.project(app.spec.project || 'default');
    const subs = subscriptionsOf(app, project, config);
    const state = readState(app.metadata.annotations);
    if (subs.length === 0 && Object.keys(state.pending).length === 0) return;
    const now = this.timers.now();
    const exprSubs = subs.filter((s) => s.trigger !== DRIFT_TRIGGER && s.trigger !== DRIFT_RESOLVED_TRIGGER);
    const evaluation = evaluateTriggers(
      exprSubs.map((s) => s.trigger),
      config.triggers,
      app,
    );
    for (const o of evaluation.outcomes) this.stats.evaluated(o.trigger, o.triggered);
    for (const err of evaluation.errors)
      this.opts.log.warn('notifications: trigger did not evaluate', { app: app.metadata.name, error: err });
    const plan = planDeliveries(evaluation.outcomes, exprSubs, state, now);
    const drift = await driftActions(app, subs, now, {
      options: this.opts.drift ?? config.drift,
      fieldManager: this.opts.fieldManager,
      liveObject: (ref) => this.opts.ports.liveObject(ref),
    });
    if (drift.wakeAt !== undefined) this.wakeAt(app.metadata.name, drift.wakeAt);
    const next: DeliveryState = {
      notified: { ...state.notified },
      pending: { ...state.pending, ...plan.start, ...drift.start },
    };
    for (const k of plan.forget) delete next.notified[k];
    const nowSec = Math.floor(now / 1000);
    for (const k of Object.keys(plan.start)) next.notified[k] = nowSec;
    let current = app;
    if (
      Object.keys(plan.start).length > 0 ||
      plan.forget.length > 0 ||
      Object.keys(drift.start).length > 0 ||
      drift.annotation !== undefined
    ) {
      // Written before sending: after a crash the pending entries are sent, the notified ones never again.
      current = await this.opts.ports.patchAnnotations(app, {
        ...stateAnnotations(next),
        ...(drift.annotation !== undefined ? drift.annotation : {}),
      });
    }
    await this.sendDue(current, next, config);
  }

  private async sendDue(app: Application, state: DeliveryState, config: NotificationConfig): Promise<void> {
    const now = this.timers.now();
    const changes: Record<string, PendingDelivery | null> = {};
    for (const [key, p] of Object.entries(state.pending)) {
      if (p.notBefore > now) {
        this.wakeAt(app.metadata.name, p.notBefore);
        continue;
      }
      const outcome = await deliver(p, app, config, p.drift !== undefined ? { drift: p.drift } : {});
      this.stats.delivered(p.service, p.trigger, outcome.ok);
      if (outcome.ok) {
        changes[key] = null;
        this.opts.ports.event(
          app,
          'Normal',
          'NotificationSent',
          `${p.trigger}: ${p.templates.join(', ')} sent to ${p.service}${p.recipient ? `:${p.recipient}` : ''}`,
        );
        continue;
      }
      const retry = outcome.permanent
        ? undefined
        : afterFailure(p, outcome.error, now, this.opts.retry ?? config.delivery);
      changes[key] = retry ?? null;
      if (retry) this.wakeAt(app.metadata.name, retry.notBefore);
      else
        this.opts.ports.event(
          app,
          'Warning',
          'NotificationFailed',
          `${p.trigger} to ${p.service}${p.recipient ? `:${p.recipient}` : ''} not delivered after ${p.attempts + 1} attempt(s): ${outcome.error}`,
        );
      this.opts.log.warn('notifications: delivery failed', {
        app: app.metadata.name,
        trigger: p.trigger,
        service: p.service,
        error: outcome.error,
        retrying: !!retry,
      });
    }
    if (Object.keys(changes).length === 0) return;
    const pending = { ...state.pending };
    for (const [k, v] of Object.entries(changes)) {
      if (v) pending[k] = v;
      else delete pending[k];
    }
    await this.opts.ports.patchAnnotations(
      app,
      stateAnnotations({ notified: { ...state.notified }, pending }),
    );
  }
}
