// Generator parameters: nested objects for goTemplate, flat string maps for fasttemplate, as Argo CD builds them.
import { isPlainObject } from '../model/index.js';

/** One set of parameters a generator produced (one Application to render). */
export type Params = Record<string, unknown>;

/** Why a generator could not produce parameters; becomes the ErrorOccurred condition's message. */
export class GeneratorError extends Error {
  constructor(
    message: string,
    readonly reason = 'ApplicationGenerationFromParamsError',
  ) {
    super(message);
    this.name = 'GeneratorError';
  }
}

/** Go's fmt %v for JSON values, as Argo CD prints a non-string into a flat parameter. */
export function goString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : goFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`;
  if (isPlainObject(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goString(v[k])}`)
      .join(' ')}]`;
  return String(v);
}

function goFloat(v: number): string {
  // %v of float64 is %g with the shortest representation; JS's exponent form differs only in its sign padding.
  const s = String(v);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Flattens nested objects and arrays to dotted keys (`a.b`, `list.0`), values printed as Go's %v. */
export function flatten(obj: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v) && Object.keys(v).length > 0) Object.assign(out, flatten(v, key));
    else if (Array.isArray(v) && v.length > 0)
      Object.assign(out, flatten(Object.fromEntries(v.map((x, i) => [String(i), x])), key));
    else out[key] = goString(v);
  }
  return out;
}

/** Flat string parameters of any set (selectors and merge keys compare these). */
export function flatParams(p: Params): Record<string, string> {
  return flatten(p);
}

/** The value at a dotted path of nested params (goTemplate) or a flat key (fasttemplate). */
export function paramAt(p: Params, key: string): unknown {
  if (Object.hasOwn(p, key)) return p[key];
  let cur: unknown = p;
  for (const part of key.split('.')) {
    if (!isPlainObject(cur) || !Object.hasOwn(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** A DNS-1123 form of a name, as Argo CD's `nameNormalized` / `basenameNormalized` parameters. */
export function normalizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^-a-z0-9.]/gu, '-')
    .slice(0, 253)
    .replace(/^[-.]+|[-.]+$/g, '');
}
