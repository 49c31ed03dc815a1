// Resolves a YAML scalar the way go-yaml v2 (behind sigs.k8s.io/yaml, so kubectl and Argo CD) does:
// YAML 1.1 booleans (yes/no/on/off/y/n), Go integer syntax (0x, 0o, 0b, leading-0 octal, `_`),
// timestamps kept as text, no sexagesimal numbers.

export type GoScalar =
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null'; value: null }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number };

const TAG = 'tag:yaml.org,2002:';
export const STR_TAG = `${TAG}str`;
export const BINARY_TAG = `${TAG}binary`;
const RESOLVABLE = new Set([
  '',
  STR_TAG,
  `${TAG}bool`,
  `${TAG}int`,
  `${TAG}float`,
  `${TAG}timestamp`,
  `${TAG}null`,
]);

const WORDS = new Map<string, GoScalar>();
const word = (v: GoScalar, ...ws: string[]) => ws.forEach((w) => WORDS.set(w, v));
word({ kind: 'bool', value: true }, 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON');
word(
  { kind: 'bool', value: false },
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
);
word({ kind: 'null', value: null }, '', '~', 'null', 'Null', 'NULL');
word({ kind: 'float', value: NaN }, '.nan', '.NaN', '.NAN');
word({ kind: 'float', value: Infinity }, '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF');
word({ kind: 'float', value: -Infinity }, '-.inf', '-.Inf', '-.INF');

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_FLOAT = /^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseInt(s, 0, 64) (and ParseUint) on text without `_`; undefined when it fails. */
function goParseInt(s: string): number | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  const body = m[2] ?? '';
  let n: bigint;
  if (/^0[xXoObB]/.test(body)) n = BigInt(`0${body[1]?.toLowerCase() ?? ''}${body.slice(2)}`);
  else if (body.length > 1 && body.startsWith('0')) n = BigInt(`0o${body.slice(1)}`);
  else n = BigInt(body);
  const v = sign * n;
  // int64, or uint64 for positive values (ParseUint with base 0 takes no sign at all).
  if (v < -(2n ** 63n) || v > 2n ** 64n - 1n || (v > 2n ** 63n - 1n && m[1] !== '')) return undefined;
  return Number(v);
}

/** go-yaml's timestamp check: YYYY-M-D, optionally with a time (`T`, `t` or a space). */
export function isGoTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  return (
    (/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$/.test(s) ||
      /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})$/.test(
        s,
      ) ||
      /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?$/.test(s)) &&
    validDate(s)
  );
}

function validDate(s: string): boolean {
  const [y, mo, d] = s.split(/[-Tt ]/).map(Number);
  if (y === undefined || mo === undefined || d === undefined) return false;
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** Resolves a plain scalar (tag '') or one with an explicit tag; throws on a tag that does not fit. */
export function resolveGoScalar(text: string, tag = ''): GoScalar {
  if (!RESOLVABLE.has(tag)) return { kind: 'str', value: text };
  const out = resolvePlain(text, tag);
  if (tag === '' || tag === STR_TAG) return tag === STR_TAG ? { kind: 'str', value: text } : out;
  const want = tag.slice(TAG.length);
  if (want === 'timestamp' && isGoTimestamp(text)) return { kind: 'str', value: text };
  if (out.kind === want) return out;
  if (want === 'float' && out.kind === 'int') return { kind: 'float', value: out.value };
  throw new Error(`cannot decode !!${out.kind} \`${text}\` as a !!${want}`);
}

function resolvePlain(text: string, tag: string): GoScalar {
  const first = text[0];
  const known = WORDS.get(text);
  if (known) return known;
  if (first === '.') {
    return GO_FLOAT.test(text) ? { kind: 'float', value: Number(text) } : { kind: 'str', value: text };
  }
  if (first === undefined || !/[-+0-9]/.test(first)) return { kind: 'str', value: text };
  if ((tag === '' || tag.endsWith('timestamp')) && isGoTimestamp(text)) return { kind: 'str', value: text };
  const plain = text.replaceAll('_', '');
  const int = goParseInt(plain);
  if (int !== undefined) return { kind: 'int', value: int };
  if (YAML_FLOAT.test(plain)) return { kind: 'float', value: Number(plain) };
  const bin = /^(-?)0b([01]+)$/.exec(plain);
  if (bin) return { kind: 'int', value: Number(BigInt(`0b${bin[2] ?? ''}`)) * (bin[1] ? -1 : 1) };
  return { kind: 'str', value: text };
}

/** A map key as sigs.k8s.io/yaml turns it into a JSON object key; undefined when it cannot. */
export function jsonKey(k: GoScalar): string | undefined {
  switch (k.kind) {
    case 'str':
      return k.value;
    case 'bool':
      return String(k.value);
    case 'int':
      return String(k.value);
    case 'float':
      return formatFloat32(k.value);
    case 'null':
      return undefined;
  }
}

/** Go's strconv.FormatFloat(v, 'g', -1, 32), as sigs.k8s.io/yaml formats float keys. */
function formatFloat32(v: number): string {
  if (Number.isNaN(v)) return '.nan';
  if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(f);
}
