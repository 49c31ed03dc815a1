// Emits YAML one line at a time, each line tagged with the JSON pointer it belongs to (for ignored/masked marks).
export interface YamlLine {
  text: string;
  path: string;
}

const escapePointer = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;
const NUMBERISH = /^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i;
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9 _./:@+=-]*$/;

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  if (
    s === '' ||
    RESERVED.test(s) ||
    NUMBERISH.test(s) ||
    !PLAIN.test(s) ||
    s.endsWith(' ') ||
    s.includes(': ')
  )
    return JSON.stringify(s);
  return s;
}

function key(k: string): string {
  return PLAIN.test(k) && !RESERVED.test(k) && !NUMBERISH.test(k) && !k.includes(': ')
    ? k
    : JSON.stringify(k);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function emitValue(out: YamlLine[], prefix: string, v: unknown, indent: string, path: string): void {
  if (Array.isArray(v)) {
    if (v.length === 0) return void out.push({ text: `${prefix} []`, path });
    out.push({ text: prefix, path });
    v.forEach((item, i) => emitItem(out, indent, item, `${path}/${i}`));
  } else if (isObject(v)) {
    if (Object.keys(v).length === 0) return void out.push({ text: `${prefix} {}`, path });
    out.push({ text: prefix, path });
    emitObject(out, v, indent + '  ', path);
  } else if (typeof v === 'string' && v.includes('\n')) {
    const chomp = v.endsWith('\n') ? '' : '-';
    out.push({ text: `${prefix} |${chomp}`, path });
    for (const l of v.replace(/\n$/, '').split('\n')) out.push({ text: l ? `${indent}  ${l}` : '', path });
  } else {
    out.push({ text: `${prefix} ${scalar(v)}`, path });
  }
}

function emitObject(out: YamlLine[], obj: Record<string, unknown>, indent: string, path: string): void {
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    emitValue(out, `${indent}${key(k)}:`, v, indent, `${path}/${escapePointer(k)}`);
  }
}

function emitItem(out: YamlLine[], indent: string, item: unknown, path: string): void {
  if (isObject(item) && Object.keys(item).length > 0) {
    const sub: YamlLine[] = [];
    emitObject(sub, item, indent + '  ', path);
    sub.forEach((l, i) =>
      out.push(i === 0 ? { text: `${indent}- ${l.text.slice(indent.length + 2)}`, path: l.path } : l),
    );
    return;
  }
  if (Array.isArray(item) || isObject(item)) return emitValue(out, `${indent}-`, item, indent + '  ', path);
  if (typeof item === 'string' && item.includes('\n'))
    return emitValue(out, `${indent}-`, item, indent + '  ', path);
  out.push({ text: `${indent}- ${scalar(item)}`, path });
}

export function toYamlLines(value: unknown): YamlLine[] {
  const out: YamlLine[] = [];
  if (isObject(value)) emitObject(out, value, '', '');
  else if (Array.isArray(value)) value.forEach((item, i) => emitItem(out, '', item, `/${i}`));
  else out.push({ text: scalar(value), path: '' });
  return out;
}

export function toYaml(value: unknown): string {
  return toYamlLines(value)
    .map((l) => l.text)
    .join('\n');
}

/** True when `path` is `pointer` or lies under it. */
export function underPointer(path: string, pointer: string): boolean {
  const p = pointer.replace(/\/$/, '');
  return path === p || path.startsWith(p + '/');
}
