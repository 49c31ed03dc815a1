// Glob matching for directory.include / exclude: `*`, `?`, `[...]`, `**` and `{a,b}` alternatives,
// matched against the file path relative to the source path.

function braceExpand(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      const inner = pattern.slice(open + 1, i);
      const parts: string[] = [];
      let d = 0;
      let start = 0;
      for (let j = 0; j < inner.length; j++) {
        if (inner[j] === '{') d++;
        else if (inner[j] === '}') d--;
        else if (inner[j] === ',' && d === 0) {
          parts.push(inner.slice(start, j));
          start = j + 1;
        }
      }
      parts.push(inner.slice(start));
      const head = pattern.slice(0, open);
      const tails = braceExpand(pattern.slice(i + 1));
      return parts.flatMap((p) => braceExpand(p).flatMap((x) => tails.map((t) => head + x + t)));
    }
  }
  return [pattern];
}

function toRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Compiles a pattern; a pattern without `/` also matches the file's base name in any folder. */
export function compileGlob(pattern: string): (relPath: string) => boolean {
  const res = braceExpand(pattern.replace(/^\.\//, '')).map((p) => ({
    re: toRegExp(p),
    base: !p.includes('/'),
  }));
  return (relPath) => {
    const base = relPath.slice(relPath.lastIndexOf('/') + 1);
    return res.some(({ re, base: b }) => re.test(relPath) || (b && re.test(base)));
  };
}
