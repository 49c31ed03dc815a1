// Evaluates a parsed jq expression to the concrete paths it selects (what `path(expr)` gives in jq).
import { deepEqualJson, isPlainObject } from '../model/index.js';
import type { PathSeg } from './path.js';
import { parseJq, type JqNode } from './jq-parse.js';

export class JqEvalError extends Error {}

/** One output: its value and, when it came from a path expression, where it is in the input. */
interface Out {
  value: unknown;
  path: PathSeg[] | null;
}

const MAX_OUTPUTS = 10_000;

/** The paths `expr` selects in `root`; throws JqEvalError if the expression is not a path expression. */
export function jqPaths(expr: string | JqNode, root: unknown): PathSeg[][] {
  const node = typeof expr === 'string' ? parseJq(expr) : expr;
  const outs = evalNode(node, { value: root, path: [] });
  return outs.map((o) => {
    if (o.path === null) throw new JqEvalError('not a path expression (it produces values, not locations)');
    return o.path;
  });
}

/** The values `expr` produces for `root`. */
export function jqValues(expr: string | JqNode, root: unknown): unknown[] {
  const node = typeof expr === 'string' ? parseJq(expr) : expr;
  return evalNode(node, { value: root, path: [] }).map((o) => o.value);
}

function step(base: Out, seg: PathSeg, value: unknown): Out {
  return { value, path: base.path === null ? null : [...base.path, seg] };
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function evalNode(node: JqNode, input: Out): Out[] {
  const outs = evalInner(node, input);
  if (outs.length > MAX_OUTPUTS)
    throw new JqEvalError(`expression produced more than ${MAX_OUTPUTS} results`);
  return outs;
}

function evalInner(node: JqNode, input: Out): Out[] {
  switch (node.k) {
    case 'identity':
      return [input];
    case 'literal':
      return [{ value: node.value, path: null }];
    case 'pipe':
      return evalNode(node.left, input).flatMap((o) => evalNode(node.right, o));
    case 'comma':
      return [...evalNode(node.left, input), ...evalNode(node.right, input)];
    case 'field':
      return guard(node.opt, () =>
        evalNode(node.of, input).map((o) => {
          if (o.value === null || o.value === undefined) return step(o, { t: 'f', name: node.name }, null);
          if (!isPlainObject(o.value))
            throw new JqEvalError(`cannot index ${typeName(o.value)} with "${node.name}"`);
          return step(o, { t: 'f', name: node.name }, o.value[node.name] ?? null);
        }),
      );
    case 'index':
      return guard(node.opt, () =>
        evalNode(node.of, input).map((o) => {
          if (o.value === null || o.value === undefined) return step(o, { t: 'i', index: node.index }, null);
          if (!Array.isArray(o.value))
            throw new JqEvalError(`cannot index ${typeName(o.value)} with a number`);
          const i = node.index < 0 ? o.value.length + node.index : node.index;
          return step(o, { t: 'i', index: i }, o.value[i] ?? null);
        }),
      );
    case 'iterate':
      return guard(node.opt, () =>
        evalNode(node.of, input).flatMap((o) => {
          // Iterating a missing list yields nothing: a rule for an absent field must not fail the comparison.
          if (o.value === null || o.value === undefined) return [];
          if (Array.isArray(o.value)) return o.value.map((v, i) => step(o, { t: 'i', index: i }, v));
          if (isPlainObject(o.value))
            return Object.entries(o.value).map(([k, v]) => step(o, { t: 'f', name: k }, v));
          throw new JqEvalError(`cannot iterate over ${typeName(o.value)}`);
        }),
      );
    case 'binop':
      return evalBinop(node, input);
    case 'call':
      return evalCall(node, input);
  }
}

function guard(optional: boolean, fn: () => Out[]): Out[] {
  if (!optional) return fn();
  try {
    return fn();
  } catch (e) {
    if (e instanceof JqEvalError) return [];
    throw e;
  }
}

function truthy(v: unknown): boolean {
  return v !== false && v !== null && v !== undefined;
}

function values(node: JqNode, input: Out): unknown[] {
  return evalNode(node, input).map((o) => o.value);
}

function evalBinop(node: Extract<JqNode, { k: 'binop' }>, input: Out): Out[] {
  const out: Out[] = [];
  for (const r of values(node.right, input)) {
    for (const l of values(node.left, input)) out.push({ value: compare(node.op, l, r), path: null });
  }
  return out;
}

function compare(op: Extract<JqNode, { k: 'binop' }>['op'], l: unknown, r: unknown): boolean {
  switch (op) {
    case '==':
      return deepEqualJson(l ?? null, r ?? null);
    case '!=':
      return !deepEqualJson(l ?? null, r ?? null);
    case 'and':
      return truthy(l) && truthy(r);
    case 'or':
      return truthy(l) || truthy(r);
    default: {
      if (typeof l !== typeof r || (typeof l !== 'number' && typeof l !== 'string')) {
        throw new JqEvalError(`cannot order ${typeName(l)} and ${typeName(r)}`);
      }
      const a = l as number | string;
      const b = r as number | string;
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    }
  }
}

function evalCall(node: Extract<JqNode, { k: 'call' }>, input: Out): Out[] {
  const arg = node.args[0];
  const v = input.value;
  const val = (value: unknown): Out[] => [{ value, path: null }];
  switch (node.name) {
    case 'select':
      return arg
        ? values(arg, input)
            .filter(truthy)
            .map(() => input)
        : [];
    case 'empty':
      return [];
    case 'not':
      return val(!truthy(v));
    case 'length':
      if (typeof v === 'string' || Array.isArray(v)) return val(v.length);
      if (isPlainObject(v)) return val(Object.keys(v).length);
      return val(v === null || v === undefined ? 0 : Math.abs(Number(v)));
    default:
      return arg ? values(arg, input).flatMap((a) => val(stringTest(node.name, v, a))) : [];
  }
}

function stringTest(name: string, v: unknown, a: unknown): boolean {
  if (name === 'has') {
    if (isPlainObject(v) && typeof a === 'string') return a in v;
    if (Array.isArray(v) && typeof a === 'number') return a >= 0 && a < v.length;
    throw new JqEvalError(`has(${JSON.stringify(a)}) on ${typeName(v)}`);
  }
  if (name === 'contains' && typeof v !== 'string') return deepContains(v, a);
  if (typeof v !== 'string' || typeof a !== 'string') throw new JqEvalError(`${name}() needs strings`);
  return name === 'startswith' ? v.startsWith(a) : name === 'endswith' ? v.endsWith(a) : v.includes(a);
}

function deepContains(v: unknown, a: unknown): boolean {
  if (isPlainObject(a))
    return isPlainObject(v) && Object.entries(a).every(([k, x]) => k in v && deepContains(v[k], x));
  if (Array.isArray(a)) return Array.isArray(v) && a.every((x) => v.some((y) => deepContains(y, x)));
  return deepEqualJson(v, a);
}
