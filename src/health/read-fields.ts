// Typed reads of status/spec fields that fail loudly (MalformedField) on the wrong type, so assessors stay short.
import { isPlainObject } from '../model/index.js';
import type { HealthAssessor, HealthStatus, GroupKind } from './types.js';
import type { KubeObject } from '../model/index.js';

/** A field of the wrong type: the object is not what the assessor understands, so its health is Unknown. */
export class MalformedField extends Error {}

type Obj = Record<string, unknown>;

export function obj(o: Obj, key: string): Obj {
  const v = o[key];
  if (v === undefined || v === null) return {};
  if (!isPlainObject(v)) throw new MalformedField(`${key} is not an object`);
  return v;
}

export function num(o: Obj, key: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new MalformedField(`${key} is not a number`);
  return v;
}

export function str(o: Obj, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new MalformedField(`${key} is not a string`);
  return v;
}

export function bool(o: Obj, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new MalformedField(`${key} is not a boolean`);
  return v;
}

export function list(o: Obj, key: string): Obj[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every(isPlainObject))
    throw new MalformedField(`${key} is not a list of objects`);
  return v;
}

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  /** The generation the condition was computed for, when the controller says. */
  observedGeneration?: number;
}

/** `status.conditions`, each with its fields as strings ('' when absent). */
export function conditions(status: Obj): Condition[] {
  return list(status, 'conditions').map((c) => {
    const read: Condition = {
      type: str(c, 'type') ?? '',
      status: str(c, 'status') ?? '',
      reason: str(c, 'reason') ?? '',
      message: str(c, 'message') ?? '',
    };
    const seen = c['observedGeneration'];
    if (typeof seen === 'number') read.observedGeneration = seen;
    return read;
  });
}

export function findCondition(status: Obj, type: string): Condition | undefined {
  return conditions(status).find((c) => c.type === type);
}

/** `spec`, `status` and `metadata.generation` of an object. */
export function parts(o: KubeObject): { spec: Obj; status: Obj; generation: number } {
  const root = o as Obj;
  return {
    spec: obj(root, 'spec'),
    status: obj(root, 'status'),
    generation: num(isPlainObject(o.metadata) ? o.metadata : {}, 'generation') ?? 0,
  };
}

export function status(code: HealthStatus['status'], message?: string): HealthStatus {
  return message ? { status: code, message } : { status: code };
}

/** Builds an assessor whose malformed input (or any surprise) becomes Unknown instead of an exception. */
export function defineAssessor(
  kinds: readonly GroupKind[],
  assess: (o: KubeObject) => HealthStatus,
): HealthAssessor {
  return {
    kinds,
    assess(o: KubeObject): HealthStatus {
      try {
        return assess(o);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        return status(
          'Unknown',
          e instanceof MalformedField ? `malformed object: ${why}` : `health check failed: ${why}`,
        );
      }
    },
  };
}
