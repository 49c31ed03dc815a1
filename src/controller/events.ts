// Kubernetes Events on Applications: sync started/finished/failed, drift detected.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../common/log.js';
import { errorMessage } from '../common/errors.js';
import type { KubeClient } from '../kube/client.js';
import type { ApiResource } from '../kube/api-resource.js';
import type { Application } from '../model/index.js';

const EVENT_RESOURCE: ApiResource = {
  group: '',
  version: 'v1',
  kind: 'Event',
  resource: 'events',
  namespaced: true,
  verbs: ['create', 'get', 'list'],
};

export interface EventRecorder {
  record(app: Application, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** Writes events in the background; a failure to record is logged, never thrown. */
export class KubeEventRecorder implements EventRecorder {
  constructor(
    private readonly client: KubeClient,
    private readonly log: Logger,
    private readonly now: () => Date,
    /** Who records: the controller, or the API server for what a user did. */
    private readonly component = 'driftless-application-controller',
  ) {}

  record(app: Application, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const now = this.now().toISOString();
    const namespace = app.metadata.namespace ?? 'default';
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${app.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
      involvedObject: {
        apiVersion: app.apiVersion,
        kind: 'Application',
        name: app.metadata.name,
        namespace,
        uid: app.metadata.uid,
        resourceVersion: app.metadata.resourceVersion,
      },
      reason,
      message: message.slice(0, 1000),
      type,
      source: { component: this.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: this.component,
    };
    this.client.create(EVENT_RESOURCE, event).catch((e: unknown) => {
      this.log.warn('could not record event', { app: app.metadata.name, reason, error: errorMessage(e) });
    });
  }
}
