// Argo CD's Envsubst: `$VAR` and `${VAR}` from the build environment (unknown names become empty,
// `$$` is a literal `$`), with Go's os.Expand rules for what counts as a name.

const SPECIAL = /^[*#$@!?\-0-9]$/;

function shellName(s: string): { name: string; width: number } {
  if (s[0] === '{') {
    if (s.length > 2 && SPECIAL.test(s[1] ?? '') && s[2] === '}') return { name: s[1] ?? '', width: 3 };
    const close = s.indexOf('}');
    if (close === -1) return { name: '', width: 1 }; // bad syntax: the brace is eaten
    return { name: s.slice(1, close), width: close + 1 };
  }
  if (SPECIAL.test(s[0] ?? '')) return { name: s[0] ?? '', width: 1 };
  const m = /^[A-Za-z0-9_]*/.exec(s)?.[0] ?? '';
  return { name: m, width: m.length };
}

export function envsubst(text: string, env: Readonly<Record<string, string>>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$' || i + 1 >= text.length) {
      out += c;
      i++;
      continue;
    }
    const { name, width } = shellName(text.slice(i + 1));
    if (name === '' && width === 0)
      out += '$'; // `$` not followed by a name stays
    else if (name === '$') out += '$';
    else if (name !== '') out += Object.hasOwn(env, name) ? env[name] : '';
    i += 1 + width;
  }
  return out;
}
