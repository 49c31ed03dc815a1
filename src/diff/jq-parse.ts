// Parser for the jq subset used in ignoreDifferences.jqPathExpressions: paths, [], [n], select(), |, ",", comparisons.

export type JqNode =
  | { k: 'identity' }
  | { k: 'field'; of: JqNode; name: string; opt: boolean }
  | { k: 'index'; of: JqNode; index: number; opt: boolean }
  | { k: 'iterate'; of: JqNode; opt: boolean }
  | { k: 'pipe'; left: JqNode; right: JqNode }
  | { k: 'comma'; left: JqNode; right: JqNode }
  | { k: 'literal'; value: unknown }
  | { k: 'binop'; op: '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or'; left: JqNode; right: JqNode }
  | { k: 'call'; name: string; args: JqNode[] };

/** Functions the evaluator knows, with their arity. No regex (`test`): user input must not be able to stall the controller. */
export const JQ_FUNCTIONS: Readonly<Record<string, number>> = {
  select: 1,
  not: 0,
  has: 1,
  startswith: 1,
  endswith: 1,
  contains: 1,
  length: 0,
  empty: 0,
};

export class JqSyntaxError extends Error {}

const MAX_EXPRESSION = 2000;
const TOKEN =
  /\s*(?:(\.\.)|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|(==|!=|<=|>=|[.[\]|(),?<>])|([A-Za-z_][A-Za-z0-9_]*))/y;

type Token = { t: 'str' | 'num' | 'punct' | 'ident'; v: string; at: number };

function tokenize(src: string): Token[] {
  if (src.length > MAX_EXPRESSION)
    throw new JqSyntaxError(`expression longer than ${MAX_EXPRESSION} characters`);
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    const at = TOKEN.lastIndex;
    if (/^\s*$/.test(src.slice(at))) break;
    const m = TOKEN.exec(src);
    if (!m)
      throw new JqSyntaxError(`unexpected character at ${at}: ${JSON.stringify(src.slice(at, at + 10))}`);
    if (m[1]) throw new JqSyntaxError('recursive descent (..) is not supported');
    if (m[2] !== undefined) out.push({ t: 'str', v: m[2], at });
    else if (m[3] !== undefined) out.push({ t: 'num', v: m[3], at });
    else if (m[4] !== undefined) out.push({ t: 'punct', v: m[4], at });
    else if (m[5] !== undefined) out.push({ t: 'ident', v: m[5], at });
  }
  return out;
}

/** Parses an expression; throws JqSyntaxError with a position on anything outside the subset. */
export function parseJq(src: string): JqNode {
  const toks = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => toks[pos];
  const isPunct = (v: string): boolean => peek()?.t === 'punct' && peek()?.v === v;
  const expect = (v: string): void => {
    if (!isPunct(v)) throw new JqSyntaxError(`expected "${v}" at ${peek()?.at ?? src.length}`);
    pos++;
  };

  const parsePipe = (): JqNode => {
    let left = parseComma();
    while (isPunct('|')) {
      pos++;
      left = { k: 'pipe', left, right: parseComma() };
    }
    return left;
  };
  const parseComma = (): JqNode => {
    let left = parseOr();
    while (isPunct(',')) {
      pos++;
      left = { k: 'comma', left, right: parseOr() };
    }
    return left;
  };
  const parseOr = (): JqNode => {
    let left = parseAnd();
    while (peek()?.t === 'ident' && peek()?.v === 'or') {
      pos++;
      left = { k: 'binop', op: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): JqNode => {
    let left = parseCompare();
    while (peek()?.t === 'ident' && peek()?.v === 'and') {
      pos++;
      left = { k: 'binop', op: 'and', left, right: parseCompare() };
    }
    return left;
  };
  const parseCompare = (): JqNode => {
    const left = parsePostfix();
    const t = peek();
    if (t?.t === 'punct' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      pos++;
      const op = t.v as '==' | '!=' | '<' | '<=' | '>' | '>=';
      return { k: 'binop', op, left, right: parsePostfix() };
    }
    return left;
  };
  const optional = (): boolean => (isPunct('?') ? (pos++, true) : false);
  const parseSuffixes = (base: JqNode): JqNode => {
    let node = base;
    for (;;) {
      if (isPunct('.') && toks[pos + 1]?.t === 'ident') {
        pos++;
        const name = toks[pos++]?.v ?? '';
        node = { k: 'field', of: node, name, opt: optional() };
      } else if (isPunct('.') && toks[pos + 1]?.t === 'str') {
        pos++;
        node = { k: 'field', of: node, name: JSON.parse(toks[pos++]?.v ?? '""') as string, opt: optional() };
      } else if (isPunct('[') || (isPunct('.') && toks[pos + 1]?.t === 'punct' && toks[pos + 1]?.v === '[')) {
        if (isPunct('.')) pos++;
        pos++;
        const t = peek();
        if (isPunct(']')) {
          pos++;
          node = { k: 'iterate', of: node, opt: optional() };
        } else if (t?.t === 'num' && /^-?\d+$/.test(t.v)) {
          pos++;
          expect(']');
          node = { k: 'index', of: node, index: Number(t.v), opt: optional() };
        } else if (t?.t === 'str') {
          pos++;
          expect(']');
          node = { k: 'field', of: node, name: JSON.parse(t.v) as string, opt: optional() };
        } else {
          throw new JqSyntaxError(`unsupported index at ${t?.at ?? src.length}`);
        }
      } else {
        return node;
      }
    }
  };
  const parsePostfix = (): JqNode => {
    const t = peek();
    if (!t) throw new JqSyntaxError('unexpected end of expression');
    if (t.t === 'punct' && t.v === '.') {
      // A lone `.` is identity; `.a`, `.[0]`, `."k"` are paths from it and parseSuffixes takes their dot.
      const next = toks[pos + 1];
      const startsPath =
        next && (next.t === 'ident' || next.t === 'str' || (next.t === 'punct' && next.v === '['));
      if (!startsPath) pos++;
      return parseSuffixes({ k: 'identity' });
    }
    pos++;
    if (t.t === 'punct' && t.v === '(') {
      const inner = parsePipe();
      expect(')');
      return parseSuffixes(inner);
    }
    if (t.t === 'str') return { k: 'literal', value: JSON.parse(t.v) as unknown };
    if (t.t === 'num') return { k: 'literal', value: Number(t.v) };
    if (t.t === 'ident') {
      if (t.v === 'true' || t.v === 'false') return { k: 'literal', value: t.v === 'true' };
      if (t.v === 'null') return { k: 'literal', value: null };
      const arity = JQ_FUNCTIONS[t.v];
      if (arity === undefined) throw new JqSyntaxError(`unsupported function "${t.v}" at ${t.at}`);
      const args: JqNode[] = [];
      if (arity > 0) {
        expect('(');
        args.push(parsePipe());
        expect(')');
      }
      return parseSuffixes({ k: 'call', name: t.v, args });
    }
    throw new JqSyntaxError(`unexpected "${t.v}" at ${t.at}`);
  };

  const node = parsePipe();
  if (pos < toks.length) throw new JqSyntaxError(`unexpected "${toks[pos]?.v}" at ${toks[pos]?.at}`);
  return node;
}
