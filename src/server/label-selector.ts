// Kubernetes label selectors (`a=b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`) as predicates.
import { badRequest } from './http-error.js';

type Requirement = (labels: Readonly<Record<string, string>>) => boolean;

/** Splits at commas outside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function parseTerm(term: string): Requirement {
  let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (m) {
    const [, key = '', op, list = ''] = m;
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in'
      ? (l) => l[key] !== undefined && values.has(l[key])
      : (l) => l[key] === undefined || !values.has(l[key]);
  }
  m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term);
  if (m) {
    const [, key = '', op, value = ''] = m;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  m = /^(!?)([\w./-]+)$/.exec(term);
  if (m) {
    const [, not, key = ''] = m;
    return not ? (l) => l[key] === undefined : (l) => l[key] !== undefined;
  }
  throw badRequest(
    `invalid label selector term "${term}"`,
    'use key=value, key!=value, key in (a,b), key or !key',
  );
}

export function parseLabelSelector(selector: string): Requirement {
  const reqs = splitTerms(selector).map(parseTerm);
  return (labels) => reqs.every((r) => r(labels));
}
