// The shapes of resource actions (Argo CD's ResourceAction) and of what running one asks the server to do.
import type { KubeObject } from '../model/index.js';

export interface ActionParam {
  name: string;
  value?: string;
  type?: string;
  default?: string;
}

/** What the API lists for a resource (Argo CD's ResourceAction). */
export interface ResourceAction {
  name: string;
  disabled?: boolean;
  iconClass?: string;
  displayName?: string;
  params?: ActionParam[];
}

/** One change an action makes: update the resource it ran on, or create a new one (a Job from a CronJob). */
export interface ActionChange {
  operation: 'patch' | 'create';
  resource: KubeObject;
}

export type ActionRun = { ok: true; changes: ActionChange[] } | { ok: false; error: string };

/** One kind's actions: which apply to this object now, and running one. */
export interface ActionSet {
  /** Where they come from, for messages (`built-in`, or the argocd-cm key). */
  origin: string;
  discover(obj: KubeObject): ResourceAction[] | { error: string };
  run(obj: KubeObject, action: string, params: Record<string, string>, now: Date): ActionRun;
}
