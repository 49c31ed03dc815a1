// The ApplicationSet controller: watches ApplicationSets (and what their generators read), writes the Applications
// they generate, and their status. One reconcile at a time; events coalesce per ApplicationSet.
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import { realTimers, type Timers } from '../common/timers.js';
import { isNotFound } from '../kube/api-error.js';
import type { KubeClient } from '../kube/client.js';
import type { LiveCache } from '../kube/live-cache.js';
import {
  ANNOTATION_APPSET_REFRESH,
  API_GROUP,
  isOwnedByAppSet,
  APPLICATION_RESOURCE,
  APPLICATIONSET_RESOURCE,
  type Application,
  type ApplicationSet,
  type ApplicationSetApplicationStatus,
  type KubeObject,
} from '../model/index.js';
import { generateApplications } from './generate-apps.js';
import type { GeneratorDeps } from './generators/types.js';
import { GeneratorError } from './params.js';
import { planChanges, type AppChange } from './plan.js';
import { OWNER_KIND } from './render-app.js';
import { isRollingSync, planRollout, rolloutOperation, withoutAutoSync } from './rolling-sync.js';
import { conditionsFor, resourcesOf, statusChanged, withTransitions, type Outcome } from './status.js';

/** Argo CD's default requeue of every ApplicationSet (ARGOCD_APPLICATIONSET_CONTROLLER_REQUEUE_AFTER). */
const DEFAULT_REQUEUE_SECONDS = 180;

export interface AppSetControllerOptions {
  client: KubeClient;
  cache: Pick<LiveCache, 'list' | 'get' | 'on'>;
  namespace: string;
  deps: GeneratorDeps;
  log: Logger;
  timers?: Timers;
  /** When controller replicas shard the work: whether this replica writes this ApplicationSet's apps. */
  owns?: (name: string) => boolean;
}

export class AppSetController {
  private readonly pending = new Set<string>();
  private readonly timersByName = new Map<string, unknown>();
  private running: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  private readonly timers: Timers;
  /** Reconciles done so far (tests wait on it). */
  reconciles = 0;

  constructor(private readonly opts: AppSetControllerOptions) {
    this.timers = opts.timers ?? realTimers;
  }

  start(): void {
    this.unsubscribe = this.opts.cache.on((_type, obj) => this.onEvent(obj));
    for (const a of this.appSets()) this.enqueue(a.metadata.name ?? '');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const t of this.timersByName.values()) this.timers.clearTimeout(t);
    await this.running;
  }

  private appSets(): ApplicationSet[] {
    return this.opts.cache.list(API_GROUP, 'ApplicationSet', this.opts.namespace) as ApplicationSet[];
  }

  private onEvent(obj: KubeObject): void {
    if (obj.metadata.namespace !== this.opts.namespace) return;
    if (obj.kind === 'ApplicationSet') this.enqueue(obj.metadata.name ?? '');
    else if (obj.kind === 'Application') {
      for (const r of obj.metadata.ownerReferences ?? []) if (r.kind === OWNER_KIND) this.enqueue(r.name);
    } else if (obj.kind === 'Secret' || obj.kind === 'ConfigMap') {
      // Cluster Secrets and plugin ConfigMaps feed generators: every ApplicationSet may read them.
      const type = obj.metadata.labels?.['argocd.argoproj.io/secret-type'];
      if (obj.kind === 'ConfigMap' || type === 'cluster')
        for (const a of this.appSets()) this.enqueue(a.metadata.name ?? '');
    }
  }

  /** Every ApplicationSet again (the shard membership changed). */
  enqueueAll(): void {
    for (const a of this.appSets()) this.enqueue(a.metadata.name ?? '');
  }

  /** Reconciles soon; events for the same ApplicationSet coalesce. */
  enqueue(name: string): void {
    if (this.stopped || !name) return;
    this.pending.add(name);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0 && !this.stopped) {
      const [name] = this.pending;
      if (name === undefined) break;
      this.pending.delete(name);
      try {
        await this.reconcile(name);
      } catch (e) {
        this.opts.log.warn('applicationset reconcile failed', { appset: name, error: errorMessage(e) });
        this.requeue(name, 10);
      }
      this.reconciles++;
    }
  }

  private requeue(name: string, seconds: number): void {
    const old = this.timersByName.get(name);
    if (old !== undefined) this.timers.clearTimeout(old);
    this.timersByName.set(
      name,
      this.timers.setTimeout(() => {
        this.timersByName.delete(name);
        this.enqueue(name);
      }, seconds * 1000),
    );
  }

  private async reconcile(name: string): Promise<void> {
    const appSet = this.opts.cache.get({
      group: API_GROUP,
      kind: 'ApplicationSet',
      namespace: this.opts.namespace,
      name,
    }) as ApplicationSet | undefined;
    if (!appSet || appSet.metadata.deletionTimestamp) return; // owned apps go with it (ownerReferences)
    if (this.opts.owns && !this.opts.owns(name)) return; // another controller replica's
    const existing = (
      this.opts.cache.list(API_GROUP, 'Application', this.opts.namespace) as Application[]
    ).filter((a) => a.kind === 'Application');
    let outcome: Outcome = { ok: true };
    let generated = false;
    let requeue = DEFAULT_REQUEUE_SECONDS;
    try {
      const result = await generateApplications(appSet, this.opts.deps);
      generated = true;
      if (result.requeueAfterSeconds !== undefined) requeue = Math.min(requeue, result.requeueAfterSeconds);
      const plan = planChanges(appSet, withoutAutoSync(appSet, result.apps), existing);
      for (const change of plan.changes) await this.apply(change);
      if (plan.conflicts.length > 0)
        outcome = {
          ok: false,
          reason: 'ApplicationGenerationFromParamsError',
          message: `applications exist that this ApplicationSet does not own: ${plan.conflicts.join(', ')}`,
        };
    } catch (e) {
      outcome = {
        ok: false,
        reason: e instanceof GeneratorError ? e.reason : 'ApplicationGenerationFromParamsError',
        message: errorMessage(e),
      };
    }
    const owned = (
      this.opts.cache.list(API_GROUP, 'Application', this.opts.namespace) as Application[]
    ).filter((a) => isOwnedByAppSet(a, appSet));
    const now = new Date(this.timers.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    let applicationStatus: ApplicationSetApplicationStatus[] | undefined;
    if (isRollingSync(appSet) && outcome.ok) {
      const rollout = planRollout(appSet, owned, now);
      for (const app of owned.filter((a) => rollout.sync.includes(a.metadata.name)))
        await this.startSync(app);
      applicationStatus = rollout.applicationStatus;
      // A rollout moves on app status changes (events) and also re-checks soon.
      if (rollout.applicationStatus.some((s) => s.status !== 'Healthy')) requeue = Math.min(requeue, 10);
    }
    await this.writeStatus(appSet, outcome, generated, owned, now, applicationStatus);
    if (appSet.metadata.annotations?.[ANNOTATION_APPSET_REFRESH] !== undefined)
      await this.clearRefresh(appSet);
    this.requeue(name, requeue);
  }

  private async apply(change: AppChange): Promise<void> {
    const { client, log, namespace } = this.opts;
    if (change.type === 'create') {
      await client.create(APPLICATION_RESOURCE, change.app, { namespace });
      log.info('applicationset: created application', { app: change.app.metadata.name });
    } else if (change.type === 'update') {
      await client.replace(APPLICATION_RESOURCE, change.app, { namespace });
      log.info('applicationset: updated application', { app: change.app.metadata.name });
    } else {
      const name = change.existing.metadata.name;
      try {
        if (change.removeFinalizers) {
          const finalizers = (change.existing.metadata.finalizers ?? []).filter(
            (f) => !f.startsWith('resources-finalizer.argocd.argoproj.io'),
          );
          await client.patch(
            APPLICATION_RESOURCE,
            name,
            { metadata: { finalizers } },
            { namespace, type: 'merge' },
          );
        }
        await client.delete(APPLICATION_RESOURCE, name, {
          namespace,
          ...(change.existing.metadata.uid ? { uid: change.existing.metadata.uid } : {}),
        });
        log.info('applicationset: deleted application', {
          app: name,
          keptResources: change.removeFinalizers,
        });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }

  private async startSync(app: Application): Promise<void> {
    const { client, log, namespace } = this.opts;
    await client.patch(
      APPLICATION_RESOURCE,
      app.metadata.name,
      { operation: rolloutOperation(app) },
      { namespace, type: 'merge' },
    );
    log.info('applicationset: rolling sync started', { app: app.metadata.name });
  }

  private async writeStatus(
    appSet: ApplicationSet,
    outcome: Outcome,
    generated: boolean,
    owned: Application[],
    now: string,
    applicationStatus: ApplicationSetApplicationStatus[] | undefined,
  ): Promise<void> {
    const next = {
      ...appSet.status,
      conditions: withTransitions(conditionsFor(outcome, generated), appSet.status?.conditions, now),
      resources: resourcesOf(owned),
      ...(applicationStatus ? { applicationStatus } : {}),
    };
    if (!statusChanged(appSet.status, next)) return;
    try {
      await this.opts.client.patchStatus(
        APPLICATIONSET_RESOURCE,
        appSet.metadata.name ?? '',
        { status: next },
        {
          namespace: this.opts.namespace,
          type: 'merge',
        },
      );
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  private async clearRefresh(appSet: ApplicationSet): Promise<void> {
    const patch = { metadata: { annotations: { [ANNOTATION_APPSET_REFRESH]: null } } };
    await this.opts.client
      .patch(APPLICATIONSET_RESOURCE, appSet.metadata.name ?? '', patch, {
        namespace: this.opts.namespace,
        type: 'merge',
      })
      .catch((e: unknown) => {
        if (!isNotFound(e)) throw e;
      });
  }
}
