// Actions Driftless ships (our own code, not Lua): restart, pause/resume, scale, suspend/resume, create-job.
import { isPlainObject, type KubeObject } from '../model/index.js';
import type { ActionChange, ActionRun, ActionSet, ResourceAction } from './types.js';

/** The annotation `kubectl rollout restart` sets on the pod template; a new value rolls the pods. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

type Spec = Record<string, unknown>;

interface Builtin {
  /** Whether the action is offered (and may run) on this object; a string says why not. */
  enabled(spec: Spec): true | string;
  params?: ResourceAction['params'];
  apply(obj: KubeObject, spec: Spec, params: Record<string, string>, now: Date): ActionChange[] | string;
}

function clone(obj: KubeObject): KubeObject & { spec: Spec } {
  const copy = structuredClone(obj) as KubeObject & { spec?: unknown };
  if (!isPlainObject(copy.spec)) copy.spec = {};
  return copy as KubeObject & { spec: Spec };
}

function patched(obj: KubeObject, edit: (spec: Spec) => void): ActionChange[] {
  const copy = clone(obj);
  edit(copy.spec);
  return [{ operation: 'patch', resource: copy }];
}

function child(parent: Spec, key: string): Spec {
  const existing = parent[key];
  if (isPlainObject(existing)) return existing;
  const made: Spec = {};
  parent[key] = made;
  return made;
}

const always = (): true => true;

const restart: Builtin = {
  enabled: always,
  apply: (obj, _s, _p, now) =>
    patched(obj, (spec) => {
      const meta = child(child(spec, 'template'), 'metadata');
      child(meta, 'annotations')[RESTARTED_AT] = now.toISOString().replace(/\.\d+Z$/, 'Z');
    }),
};

const scale: Builtin = {
  enabled: always,
  params: [{ name: 'replicas', type: 'number' }],
  apply(obj, _s, params) {
    const raw = params.replicas ?? '';
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(n) || n < 0)
      return `scale needs the parameter replicas, a whole number >= 0 (got ${JSON.stringify(raw)})`;
    return patched(obj, (spec) => (spec.replicas = n));
  },
};

function flagAction(field: string, value: boolean, already: string): Builtin {
  return {
    enabled: (spec) => ((spec[field] === true) === value ? already : true),
    apply: (obj) => patched(obj, (spec) => (spec[field] = value)),
  };
}

/** A Job from the CronJob's jobTemplate, named and owned as `kubectl create job --from=cronjob/…` does. */
const createJob: Builtin = {
  enabled: always,
  apply(obj, spec, _p, now) {
    const template = isPlainObject(spec.jobTemplate) ? spec.jobTemplate : {};
    const meta = isPlainObject(template.metadata) ? template.metadata : {};
    const name = `${obj.metadata.name ?? 'job'}-${Math.floor(now.getTime() / 1000) % 1_000_000}`;
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        ...(structuredClone(meta) as KubeObject['metadata']),
        name,
        ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
        annotations: {
          ...((meta.annotations as Record<string, string> | undefined) ?? {}),
          'cronjob.kubernetes.io/instantiate': 'manual',
        },
        ownerReferences: [
          {
            apiVersion: obj.apiVersion,
            kind: obj.kind,
            name: obj.metadata.name ?? '',
            uid: obj.metadata.uid ?? '',
            blockOwnerDeletion: true,
            controller: true,
          },
        ],
      },
      spec: structuredClone(template.spec ?? {}),
    };
    return [{ operation: 'create', resource: job }];
  },
};

const BUILTINS: Record<string, Record<string, Builtin>> = {
  'apps/Deployment': {
    restart,
    pause: flagAction('paused', true, 'the rollout is already paused'),
    resume: flagAction('paused', false, 'the rollout is not paused'),
    scale,
  },
  'apps/StatefulSet': { restart, scale },
  'apps/DaemonSet': { restart },
  'batch/CronJob': {
    suspend: flagAction('suspend', true, 'the CronJob is already suspended'),
    resume: flagAction('suspend', false, 'the CronJob is not suspended'),
    'create-job': createJob,
  },
};

function specOf(obj: KubeObject): Spec {
  const spec = (obj as { spec?: unknown }).spec;
  return isPlainObject(spec) ? spec : {};
}

/** The built-in actions of `group/Kind`, or undefined when there are none. */
export function builtinActions(groupKind: string): ActionSet | undefined {
  const table = BUILTINS[groupKind];
  if (!table) return undefined;
  return {
    origin: 'built-in',
    discover: (obj) =>
      Object.entries(table).map(([name, a]) => ({
        name,
        disabled: a.enabled(specOf(obj)) !== true,
        ...(a.params ? { params: a.params } : {}),
      })),
    run(obj, action, params, now): ActionRun {
      const a = Object.hasOwn(table, action) ? table[action] : undefined;
      if (!a) return { ok: false, error: `${groupKind} has no action ${JSON.stringify(action)}` };
      const enabled = a.enabled(specOf(obj));
      if (enabled !== true) return { ok: false, error: `${action} is not available: ${enabled}` };
      const changes = a.apply(obj, specOf(obj), params, now);
      return typeof changes === 'string' ? { ok: false, error: changes } : { ok: true, changes };
    },
  };
}
