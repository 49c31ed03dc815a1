// Turns a parsed YAML document into the JSON value sigs.k8s.io/yaml makes of it: go-yaml's scalar
// resolution, `<<` merge keys applied in go-yaml's order, keys stringified, duplicate keys refused.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  Scalar,
  type Document,
  type LineCounter,
  type Node,
  type ParsedNode,
} from 'yaml';
import { BINARY_TAG, jsonKey, resolveGoScalar, STR_TAG, type GoScalar } from './go-yaml-scalar.js';

/** A problem at a line of the text that was parsed (1-based); `limit` when a size limit was hit. */
export class ComposeError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly limit?: 'aliases' | 'depth',
  ) {
    super(message);
  }
}

export interface ComposeLimits {
  /** How many times aliases may be expanded in one document (alias bombs). */
  maxAliases: number;
  /** How deep the value may nest. */
  maxDepth: number;
}

interface Ctx {
  doc: Document;
  lc: LineCounter;
  depth: number;
  limits: ComposeLimits;
  aliases: { count: number };
}

function lineOf(ctx: Ctx, node: Node | null | undefined): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : ctx.lc.linePos(start).line;
}

function deref(ctx: Ctx, node: unknown): Node | undefined {
  let n = node;
  while (isAlias(n)) {
    if (++ctx.aliases.count > ctx.limits.maxAliases)
      throw new ComposeError(
        `aliases expand more than ${ctx.limits.maxAliases} times (an alias bomb?)`,
        lineOf(ctx, n),
        'aliases',
      );
    n = n.resolve(ctx.doc);
  }
  return n as Node | undefined;
}

function scalarOf(ctx: Ctx, node: Scalar): GoScalar {
  const text = typeof node.source === 'string' ? node.source : String(node.value ?? '');
  const tag = node.tag?.replace(/^!!/, 'tag:yaml.org,2002:') ?? '';
  if (tag === BINARY_TAG) {
    // Go's base64.StdEncoding: line breaks are skipped, anything else must be exact (padding too).
    const b64 = text.replace(/[\r\n]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0)
      throw new ComposeError('!!binary value contains invalid base64 data', lineOf(ctx, node));
    return { kind: 'str', value: Buffer.from(b64, 'base64').toString('utf8') };
  }
  // Only plain scalars resolve implicitly; quoted and block scalars are strings unless tagged.
  const implicit = node.type === Scalar.PLAIN || node.type === undefined;
  if (!tag && !implicit) return { kind: 'str', value: text };
  try {
    return tag === STR_TAG ? { kind: 'str', value: text } : resolveGoScalar(text, tag);
  } catch (e) {
    throw new ComposeError((e as Error).message, lineOf(ctx, node));
  }
}

function scalarValue(ctx: Ctx, node: Scalar): unknown {
  const s = scalarOf(ctx, node);
  if (s.kind === 'float' && !Number.isFinite(s.value))
    throw new ComposeError(`json: unsupported value: ${String(s.value)}`, lineOf(ctx, node));
  return s.value;
}

/** The JSON value of a node. */
export function composeValue(ctx: Ctx, raw: unknown): unknown {
  const node = deref(ctx, raw);
  if (node === undefined || node === null) return null;
  if (ctx.depth > ctx.limits.maxDepth)
    throw new ComposeError(
      `the document nests more than ${ctx.limits.maxDepth} levels`,
      lineOf(ctx, node),
      'depth',
    );
  const inner = { ...ctx, depth: ctx.depth + 1 };
  if (isScalar(node)) return scalarValue(ctx, node);
  if (isSeq(node)) return node.items.map((it) => composeValue(inner, it));
  if (isMap(node)) return composeMap(inner, node.items);
  return null;
}

function composeMap(ctx: Ctx, pairs: readonly { key: unknown; value: unknown }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const explicit = new Set<string>();
  for (const pair of pairs) {
    const keyNode = deref(ctx, pair.key);
    if (isScalar(keyNode) && keyNode.type === Scalar.PLAIN && keyNode.source === '<<' && !keyNode.tag) {
      mergeInto(ctx, out, pair.value);
      continue;
    }
    const key = keyOf(ctx, keyNode);
    if (explicit.has(key)) {
      const valueNode = pair.value as ParsedNode | null;
      throw new ComposeError(
        `key ${JSON.stringify(key)} already set in map`,
        lineOf(ctx, valueNode) ?? lineOf(ctx, keyNode),
      );
    }
    explicit.add(key);
    setKey(out, key, composeValue(ctx, pair.value));
  }
  return out;
}

/** Defines rather than assigns, so a key such as `__proto__` stays a plain key. */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function keyOf(ctx: Ctx, node: Node | undefined): string {
  if (node === undefined || node === null) throw new ComposeError('unsupported map key: null', undefined);
  if (!isScalar(node)) throw new ComposeError('invalid map key: a mapping or a sequence', lineOf(ctx, node));
  const key = jsonKey(scalarOf(ctx, node));
  if (key === undefined) throw new ComposeError('unsupported map key: null', lineOf(ctx, node));
  return key;
}

/** go-yaml's merge: a mapping, or a sequence of mappings where earlier ones win. */
function mergeInto(ctx: Ctx, out: Record<string, unknown>, raw: unknown): void {
  const node = deref(ctx, raw);
  const sources = isSeq(node) ? [...node.items].reverse().map((n) => deref(ctx, n)) : [node];
  for (const src of sources) {
    if (!isMap(src))
      throw new ComposeError(
        'map merge requires map or sequence of maps as the value',
        lineOf(ctx, src ?? node),
      );
    for (const [k, v] of Object.entries(composeMap(ctx, src.items))) setKey(out, k, v);
  }
}

export function composeDocument(doc: Document, lc: LineCounter, limits: ComposeLimits): unknown {
  return composeValue({ doc, lc, depth: 0, limits, aliases: { count: 0 } }, doc.contents);
}
