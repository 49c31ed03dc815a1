// Small builders for the sync planner's tests: objects, inputs, and a compact view of a plan.
import assert from 'node:assert/strict';
import { objectKeyString, type KubeObject } from '../model/index.js';
import type { PlanInput, PlanRefusal, SyncPlan, SyncTask } from './plan-types.js';

export interface ObjOpts {
  ns?: string;
  ann?: Record<string, string>;
  generateName?: string;
  spec?: Record<string, unknown>;
}

const API: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  Job: 'batch/v1',
  CustomResourceDefinition: 'apiextensions.k8s.io/v1',
  Ingress: 'networking.k8s.io/v1',
  Application: 'argoproj.io/v1alpha1',
};

/** An object of `kind` (apiVersion guessed for well-known kinds; `Foo` etc. get example.com/v1). */
export function obj(kind: string, name: string, o: ObjOpts = {}): KubeObject {
  const core = [
    'Namespace',
    'Service',
    'ConfigMap',
    'Secret',
    'ServiceAccount',
    'Pod',
    'PersistentVolumeClaim',
  ];
  const apiVersion = API[kind] ?? (core.includes(kind) ? 'v1' : 'example.com/v1');
  const metadata: KubeObject['metadata'] =
    o.generateName !== undefined ? { generateName: o.generateName } : { name };
  const ns = o.ns ?? (kind === 'Namespace' || kind === 'CustomResourceDefinition' ? undefined : 'app');
  if (ns !== undefined) metadata.namespace = ns;
  if (o.ann !== undefined) metadata.annotations = o.ann;
  const out: KubeObject = { apiVersion, kind, metadata };
  if (o.spec !== undefined) out['spec'] = o.spec;
  return out;
}

export function crd(group: string, kind: string, ann?: Record<string, string>): KubeObject {
  return obj('CustomResourceDefinition', `${kind.toLowerCase()}s.${group}`, {
    spec: { group, names: { kind } },
    ...(ann === undefined ? {} : { ann }),
  });
}

export function liveMap(objs: readonly KubeObject[]): Map<string, KubeObject> {
  return new Map(objs.map((o) => [objectKeyString(o), o]));
}

export function planInput(over: Partial<PlanInput> = {}): PlanInput {
  return {
    appName: 'guestbook',
    destinationNamespace: 'app',
    desired: [],
    live: new Map(),
    compare: new Map(),
    operation: { revision: 'abcdef0123456789' },
    prune: true,
    dryRun: false,
    startedAt: '2024-05-01T10:00:00Z',
    ...over,
  };
}

export function isPlan(r: SyncPlan | PlanRefusal): SyncPlan {
  if (r.kind !== 'SyncPlan') assert.fail(`expected a plan, got refusal: ${r.message}`);
  return r;
}

export function step(t: SyncTask): string {
  return `${t.phase}:${t.wave} ${t.kind} ${t.resource.kind}/${t.resource.name}`;
}

/** The plan as short strings, so table cases can state what they expect in one line each. */
export function view(plan: SyncPlan): {
  steps: string[];
  waves: string[];
  pruneLast: string[];
  syncFail: string[];
  postDelete: string[];
  skipped: string[];
} {
  return {
    steps: plan.phases.flatMap((p) => p.waves.flatMap((w) => w.tasks.map(step))),
    waves: plan.phases.flatMap((p) => p.waves.map((w) => `${p.phase}:${w.wave}x${w.tasks.length}`)),
    pruneLast: plan.pruneLast.map(step),
    syncFail: plan.syncFail.flatMap((w) => w.tasks.map(step)),
    postDelete: plan.postDelete.flatMap((w) => w.tasks.map(step)),
    skipped: plan.skipped.map((s) => `${s.key} ${s.reason}`),
  };
}
