// Go's path.Match (`*`, `?`, `[...]`, `\` escapes) for Git generator paths; `*` may also cross `/`
// where Argo CD's file globbing lets it.

function classMatches(cls: string, c: string): boolean {
  let negate = false;
  let i = 0;
  if (cls[0] === '^' || cls[0] === '!') {
    negate = true;
    i = 1;
  }
  let hit = false;
  while (i < cls.length) {
    let lo = cls[i] ?? '';
    if (lo === '\\') lo = cls[++i] ?? '';
    let hi = lo;
    if (cls[i + 1] === '-' && i + 2 < cls.length) {
      hi = cls[i + 2] ?? '';
      if (hi === '\\') hi = cls[i + 3] ?? '';
      i += hi === cls[i + 2] ? 2 : 3;
    }
    if (lo <= c && c <= hi) hit = true;
    i++;
  }
  return hit !== negate;
}

/** Whether `name` matches `pattern`; with crossSlash, `*` and `?` also match `/`. */
export function pathMatch(pattern: string, name: string, crossSlash = false): boolean {
  const memo = new Map<string, boolean>();
  const go = (p: number, n: number): boolean => {
    const key = `${p},${n}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let result: boolean;
    if (p === pattern.length) result = n === name.length;
    else {
      const c = pattern[p];
      if (c === '*') {
        result = go(p + 1, n) || (n < name.length && (crossSlash || name[n] !== '/') && go(p, n + 1));
      } else if (n === name.length) result = false;
      else if (c === '?') result = (crossSlash || name[n] !== '/') && go(p + 1, n + 1);
      else if (c === '[') {
        const end = pattern.indexOf(']', p + 2);
        if (end < 0) result = false;
        else
          result =
            name[n] !== '/' && classMatches(pattern.slice(p + 1, end), name[n] ?? '') && go(end + 1, n + 1);
      } else if (c === '\\' && p + 1 < pattern.length)
        result = pattern[p + 1] === name[n] && go(p + 2, n + 1);
      else result = c === name[n] && go(p + 1, n + 1);
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}
