// Glob matching as Argo CD's project rules use it (gobwas/glob): `*`, `**`, `?`, `[a-z]`, `[!x]`, `{a,b}`, `\` escapes.

export interface GlobOptions {
  /** When set, `*` and `?` stop at this character and only `**` crosses it (sourceRepos use `/`). */
  separator?: string;
}

const cache = new Map<string, RegExp | null>();
const CACHE_LIMIT = 2000;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Index of the `}` closing the `{` at `open`, or -1. */
function closingBrace(p: string, open: number): number {
  let depth = 0;
  for (let i = open; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === '{') depth++;
    else if (p[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Splits the inside of `{…}` at top-level commas. */
function alternatives(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts;
}

/** Translates a glob into a regular-expression body; null when the glob is malformed (Argo CD then matches nothing). */
function translate(p: string, sep: string | undefined): string | null {
  const one = sep === undefined ? '[^]' : `[^${escapeRe(sep)}]`;
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i] ?? '';
    if (c === '\\') {
      if (i + 1 >= p.length) return null;
      re += escapeRe(p[++i] ?? '');
    } else if (c === '*') {
      const double = p[i + 1] === '*';
      while (p[i + 1] === '*') i++;
      re += double || sep === undefined ? '[^]*' : `${one}*`;
    } else if (c === '?') re += one;
    else if (c === '[') {
      const end = p.indexOf(']', i + 2);
      if (end < 0) return null;
      let body = p.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      const end = closingBrace(p, i);
      if (end < 0) return null;
      const alts = alternatives(p.slice(i + 1, end)).map((a) => translate(a, sep));
      if (alts.some((a) => a === null)) return null;
      re += `(?:${alts.join('|')})`;
      i = end;
    } else re += escapeRe(c);
  }
  return re;
}

function compile(pattern: string, sep: string | undefined): RegExp | null {
  const key = `${sep ?? ''}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const body = translate(pattern, sep);
  let re: RegExp | null = null;
  if (body !== null) {
    try {
      re = new RegExp(`^${body}$`, 'u');
    } catch {
      re = null;
    }
  }
  // Patterns come from AppProjects, so they are few; the limit only guards against a runaway caller.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, re);
  return re;
}

/** Whether `value` matches the glob `pattern`. A malformed pattern matches nothing. */
export function globMatch(pattern: string, value: string, opts: GlobOptions = {}): boolean {
  if (pattern === '*') return true;
  return compile(pattern, opts.separator)?.test(value) ?? false;
}
