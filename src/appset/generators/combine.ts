// matrix (cartesian product of two generators) and merge (override a base generator by merge keys).
import { isDeepStrictEqual } from 'node:util';
import {
  isPlainObject,
  type Generator,
  type MatrixGenerator,
  type MergeGenerator,
} from '../../model/index.js';
import { flatParams, GeneratorError, goString, paramAt, type Params } from '../params.js';
import { renderStrings, type TemplateMode } from '../render-strings.js';
import type { GenerateContext, GeneratorOutput } from './types.js';

export type RunChild = (gen: Generator, ctx: GenerateContext, depth: number) => Promise<GeneratorOutput>;

/** Deep merge where `b` wins, as mergo.WithOverride merges goTemplate parameters. */
function deepMerge(a: Params, b: Params): Params {
  const out: Params = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = isPlainObject(cur) && isPlainObject(v) ? deepMerge(cur, v) : v;
  }
  return out;
}

/** Flat parameters combine only when shared keys agree (Argo CD's CombineStringMaps). */
function combineFlat(a: Params, b: Params): Params {
  for (const [k, v] of Object.entries(b)) {
    if (Object.hasOwn(a, k) && !isDeepStrictEqual(a[k], v))
      throw new GeneratorError(
        `found duplicate key ${k} with different value, a: ${goString(a[k])} ,b: ${goString(v)}`,
      );
  }
  return { ...a, ...b };
}

/** A generator with every string in it rendered with parameters (matrix's second child sees the first's). */
function interpolate(gen: Generator, params: Params, mode: TemplateMode): Generator {
  const strings: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (isPlainObject(v)) for (const [k, x] of Object.entries(v)) if (k !== 'template') collect(x);
  };
  collect(gen);
  if (!strings.some((s) => s.includes('{{'))) return gen;
  const rendered = renderStrings(strings, params, mode);
  let i = 0;
  const rebuild = (v: unknown): unknown => {
    if (typeof v === 'string') return rendered[i++] ?? v;
    if (Array.isArray(v)) return v.map(rebuild);
    if (isPlainObject(v))
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'template' ? x : rebuild(x)]));
    return v;
  };
  return rebuild(gen) as Generator;
}

function minRequeue(outs: GeneratorOutput[]): number | undefined {
  const r = outs.map((o) => o.requeueAfterSeconds).filter((x): x is number => x !== undefined);
  return r.length > 0 ? Math.min(...r) : undefined;
}

export async function generateMatrix(
  gen: MatrixGenerator,
  ctx: GenerateContext,
  depth: number,
  run: RunChild,
): Promise<GeneratorOutput> {
  const [first, second, ...rest] = gen.generators;
  if (!first || !second || rest.length > 0)
    throw new GeneratorError('matrix generator must have exactly two child generators', 'InvalidGenerator');
  const a = await run(first, ctx, depth + 1);
  const outs: GeneratorOutput[] = [a];
  const params: Params[] = [];
  for (const pa of a.params) {
    const b = await run(interpolate(second, pa, ctx), ctx, depth + 1);
    outs.push(b);
    for (const pb of b.params) params.push(ctx.goTemplate ? deepMerge(pa, pb) : combineFlat(pa, pb));
  }
  const requeue = minRequeue(outs);
  return { params, ...(requeue !== undefined ? { requeueAfterSeconds: requeue } : {}) };
}

function mergeKeyOf(p: Params, keys: readonly string[], goTemplate: boolean): string {
  return JSON.stringify(keys.map((k) => goString(goTemplate ? paramAt(p, k) : flatParams(p)[k])));
}

export async function generateMerge(
  gen: MergeGenerator,
  ctx: GenerateContext,
  depth: number,
  run: RunChild,
): Promise<GeneratorOutput> {
  const [base, ...others] = gen.generators;
  if (!base || others.length === 0)
    throw new GeneratorError('merge generator must have at least two child generators', 'InvalidGenerator');
  if ((gen.mergeKeys ?? []).length === 0)
    throw new GeneratorError('merge generator: mergeKeys must name at least one key', 'InvalidGenerator');
  const outs = [await run(base, ctx, depth + 1)];
  for (const o of others) outs.push(await run(o, ctx, depth + 1));
  const byKey = (list: Params[]): Map<string, Params> => {
    const m = new Map<string, Params>();
    for (const p of list) {
      const k = mergeKeyOf(p, gen.mergeKeys, ctx.goTemplate);
      if (m.has(k)) throw new GeneratorError(`found duplicate merge key ${k}`, 'InvalidGenerator');
      m.set(k, p);
    }
    return m;
  };
  const merged = byKey(outs[0]?.params ?? []);
  for (const o of outs.slice(1)) {
    for (const [k, p] of byKey(o.params)) {
      const cur = merged.get(k);
      if (cur) merged.set(k, ctx.goTemplate ? deepMerge(cur, p) : { ...cur, ...p });
    }
  }
  const requeue = minRequeue(outs);
  return { params: [...merged.values()], ...(requeue !== undefined ? { requeueAfterSeconds: requeue } : {}) };
}
