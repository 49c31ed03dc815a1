// One drift step for one app with its I/O: who changed the drifted objects (read once per alert), the
// pending deliveries for on-drift / on-drift-resolved subscribers, and the drift state to store.
import { errorMessage } from '../common/errors.js';
import type { Application, KubeObject } from '../model/index.js';
import { DRIFT_RESOLVED_TRIGGER, DRIFT_TEMPLATES, DRIFT_TRIGGER } from './catalog.js';
import type { PendingDelivery } from './delivery-state.js';
import {
  changesOf,
  DRIFT_ANNOTATION,
  driftFingerprint,
  driftStep,
  readDriftState,
  type DriftedResource,
  type DriftOptions,
  type DriftState,
} from './drift.js';
import type { Subscription } from './subscriptions.js';

type LiveRef = { group: string; version: string; kind: string; namespace: string; name: string };

export interface DriftDeps {
  options: DriftOptions;
  fieldManager: string;
  liveObject(ref: LiveRef): Promise<KubeObject | undefined>;
}

export interface DriftActions {
  start: Record<string, PendingDelivery>;
  /** The drift annotation to write (null removes it), when it changes. */
  annotation?: Record<string, string | null>;
  wakeAt?: number;
}

async function driftedResources(app: Application, deps: DriftDeps): Promise<DriftedResource[]> {
  const since = app.status?.operationState?.finishedAt;
  const out: DriftedResource[] = [];
  for (const r of (app.status?.resources ?? [])
    .filter((x) => x.status === 'OutOfSync' && !x.hook)
    .slice(0, 100)) {
    let changes: DriftedResource['changes'] = [];
    try {
      const live = await deps.liveObject(r);
      if (live) changes = changesOf(live, deps.fieldManager, since);
    } catch (e) {
      changes = [{ manager: `unknown (${errorMessage(e)})`, fields: [] }];
    }
    out.push({ group: r.group, kind: r.kind, namespace: r.namespace, name: r.name, changes });
  }
  return out;
}

function starts(
  subs: readonly Subscription[],
  trigger: string,
  id: string,
  now: number,
  drift: unknown,
): Record<string, PendingDelivery> {
  const out: Record<string, PendingDelivery> = {};
  for (const s of subs.filter((x) => x.trigger === trigger)) {
    out[`${trigger}:${id}:${s.service}:${s.recipient}`] = {
      trigger,
      service: s.service,
      recipient: s.recipient,
      templates: [DRIFT_TEMPLATES[trigger as keyof typeof DRIFT_TEMPLATES]],
      attempts: 0,
      notBefore: now,
      drift,
    };
  }
  return out;
}

const store = (s: DriftState | undefined): Record<string, string | null> => ({
  [DRIFT_ANNOTATION]: s ? JSON.stringify(s) : null,
});

/** Drift handling runs only for apps with an on-drift or on-drift-resolved subscriber. */
export async function driftActions(
  app: Application,
  subs: readonly Subscription[],
  now: number,
  deps: DriftDeps,
): Promise<DriftActions> {
  if (!subs.some((s) => s.trigger === DRIFT_TRIGGER || s.trigger === DRIFT_RESOLVED_TRIGGER))
    return { start: {} };
  const state = readDriftState(app.metadata.annotations);
  const step = driftStep(app, state, now, deps.options);
  switch (step.kind) {
    case 'none':
      return { start: {} };
    case 'wait':
      return { start: {}, wakeAt: step.wakeAt };
    case 'open':
      return { start: {}, annotation: store(step.state), wakeAt: step.wakeAt };
    case 'resolved': {
      const id = `${state?.fingerprint ?? 'none'}:resolved:${now}`;
      const data = {
        firstSeen: state?.firstSeen,
        fingerprint: state?.fingerprint,
        resolvedAt: new Date(now).toISOString(),
      };
      return {
        start: step.announce ? starts(subs, DRIFT_RESOLVED_TRIGGER, id, now, data) : {},
        annotation: store(undefined),
      };
    }
    case 'alert': {
      const resources = await driftedResources(app, deps);
      const fingerprint = driftFingerprint(app.metadata.name, resources);
      if (!step.reminder && fingerprint === state?.fingerprint && state.sentAt !== undefined) {
        // The same objects and fields as the last alert (re-opened by a flapping set): no new alert.
        const kept: DriftState = { ...step.state, fingerprint, sentAt: state.sentAt };
        return { start: {}, annotation: store(kept), wakeAt: state.sentAt + deps.options.reminderMs };
      }
      const sent: DriftState = { ...step.state, fingerprint, sentAt: now };
      const data = { fingerprint, firstSeen: sent.firstSeen, reminder: step.reminder, resources };
      return {
        start: starts(subs, DRIFT_TRIGGER, `${fingerprint}:${now}`, now, data),
        annotation: store(sent),
        wakeAt: now + deps.options.reminderMs,
      };
    }
  }
}
