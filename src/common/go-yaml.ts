// Reads manifests the way kubectl and Argo CD do (Kubernetes' document splitter, then go-yaml through
// sigs.k8s.io/yaml): what they accept is accepted, what they refuse is refused with its line.
import { Lexer, LineCounter, parseAllDocuments } from 'yaml';
import { AbortError } from './errors.js';
import { ComposeError, composeDocument, type ComposeLimits } from './go-yaml-compose.js';

export type { ComposeLimits } from './go-yaml-compose.js';

export interface GoYamlDocument {
  /** The document as JSON data (never null: empty documents are skipped). */
  value: unknown;
  /** 1-based line of the text where the document's content starts. */
  line: number;
}

/** The text is not a manifest go-yaml would read (`limit`: it is, but it is too big to expand). */
export class GoYamlError extends AbortError {
  constructor(
    readonly reason: string,
    readonly line: number | undefined,
    readonly limit?: 'aliases' | 'depth',
  ) {
    super(line === undefined ? reason : `line ${line}: ${reason}`, {
      hint: 'fix the YAML at that line (kubectl would refuse this file too)',
    });
  }
}

const NO_LIMITS: ComposeLimits = { maxAliases: 10_000, maxDepth: 1_000 };

/** Every non-empty document of a YAML (or JSON) text. Throws GoYamlError. */
export function parseGoYamlDocuments(input: string, limits: ComposeLimits = NO_LIMITS): GoYamlDocument[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  // Text starting with `{` is read as a JSON stream; when it is not valid JSON, Kubernetes (1.33+)
  // reads it as YAML after all.
  if (/^\s*\{/.test(text)) {
    const json = parseJsonStream(text);
    if (json) return json;
  }
  const out: GoYamlDocument[] = [];
  for (const chunk of splitDocuments(text)) {
    const doc = parseChunk(chunk.text, chunk.firstLine, limits);
    if (doc) out.push(doc);
  }
  return out;
}

interface Chunk {
  text: string;
  firstLine: number;
}

/** Kubernetes' YAMLReader: a line starting with `---` ends a document; only a comment may follow it. */
export function splitDocuments(text: string): Chunk[] {
  const lines = text.split(/(?<=\n)/);
  const chunks: Chunk[] = [];
  let buf: string[] = [];
  let first = 1;
  lines.forEach((line, i) => {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest && !rest.startsWith('#'))
        throw new GoYamlError(`invalid Yaml document separator: ${rest}`, i + 1);
      if (buf.length) chunks.push({ text: buf.join(''), firstLine: first });
      buf = [];
      first = i + 2;
      return;
    }
    buf.push(line);
  });
  if (buf.length) chunks.push({ text: buf.join(''), firstLine: first });
  return chunks;
}

function parseChunk(text: string, firstLine: number, limits: ComposeLimits): GoYamlDocument | undefined {
  const { text: fixed, badAt } = normalizeEscapes(indentQuotedContinuations(text));
  const lc = new LineCounter();
  // go-yaml reads only the first document of a chunk (`...` then more text: the rest is ignored).
  const docs = parseAllDocuments(fixed, { version: '1.1', uniqueKeys: false, lineCounter: lc, merge: false });
  const doc = Array.isArray(docs) ? docs[0] : docs;
  if (!doc) return undefined;
  const at = (line: number | undefined) => (line === undefined ? undefined : firstLine + line - 1);
  const err = doc.errors[0];
  if (err?.code === 'RESOURCE_EXHAUSTION')
    throw new GoYamlError('the document nests too deeply to parse', at(lc.linePos(err.pos[0]).line), 'depth');
  if (err) {
    // Our parser's position is within this document; the line we report is the file's.
    const message = (err.message.split('\n')[0] ?? err.code).replace(/ at line \d+, column \d+:?$/, '');
    throw new GoYamlError(message, at(lc.linePos(err.pos[0]).line));
  }
  if (badAt !== undefined)
    throw new GoYamlError('found unknown escape character', at(lc.linePos(badAt).line));
  let value: unknown;
  try {
    value = composeDocument(doc, lc, limits);
  } catch (e) {
    if (e instanceof ComposeError) throw new GoYamlError(e.message, at(e.line), e.limit);
    if (e instanceof RangeError) throw new GoYamlError('the document nests too deeply', undefined, 'depth');
    throw e;
  }
  if (value === null || value === undefined) return undefined;
  const start = doc.contents?.range[0];
  return { value, line: at(start === undefined ? 1 : lc.linePos(start).line) ?? firstLine };
}

const CONTROL_TOKENS = new Set(['\x02', '\x18', '\x1f']);

/** Where a quoted scalar that starts at `start` really ends (its closing quote), or -1. */
function closingQuote(text: string, start: number): number {
  const q = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (q === '"' && c === '\\') i++;
    else if (c === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i;
    } else if (c === '\n' && /^(?:---|\.\.\.)(?:\s|$)/.test(text.slice(i + 1, i + 5))) return -1;
  }
  return -1;
}

/** The first quoted scalar the YAML lexer cut short (a continuation line indented too little). */
function cutQuotedScalar(text: string): { start: number; end: number } | undefined {
  let pos = 0;
  for (const tok of new Lexer().lex(text)) {
    if (CONTROL_TOKENS.has(tok)) continue;
    const start = pos;
    pos += tok.length;
    if (tok[0] !== '"' && tok[0] !== "'") continue;
    const end = closingQuote(text, start);
    if (end === -1) return undefined; // really unterminated: the parser reports it
    if (end >= pos) return { start, end };
  }
  return undefined;
}

/**
 * go-yaml does not check how far the continuation lines of a quoted scalar are indented; the YAML
 * spec (and our parser) want them deeper than the parent. Leading blanks of those lines are folded
 * away, so indenting them further changes no value and keeps every line number.
 */
function indentQuotedContinuations(input: string): string {
  let text = input;
  for (let round = 0; round < 10_000; round++) {
    const cut = cutQuotedScalar(text);
    if (!cut) return text;
    const col = cut.start - (text.lastIndexOf('\n', cut.start - 1) + 1);
    const pad = ' '.repeat(col + 1);
    const body = text.slice(cut.start, cut.end + 1).replace(/\n/g, `\n${pad}`);
    text = text.slice(0, cut.start) + body + text.slice(cut.end + 1);
  }
  return text;
}

/**
 * go-yaml knows YAML 1.1's escapes: `\'` is one (our parser refuses it, so it is spelled `\x27`),
 * `\/` (YAML 1.2) is not (its offset is returned, as an error). Lines do not move.
 */
function normalizeEscapes(input: string): { text: string; badAt: number | undefined } {
  if (!/\\['/]/.test(input)) return { text: input, badAt: undefined };
  const parts: string[] = [];
  let pos = 0;
  for (const tok of new Lexer().lex(input)) {
    if (CONTROL_TOKENS.has(tok)) continue;
    const start = pos;
    pos += tok.length;
    if (tok[0] !== '"') {
      parts.push(tok);
      continue;
    }
    let out = '';
    for (let i = 0; i < tok.length; i++) {
      const c = tok[i] ?? '';
      if (c !== '\\' || i === 0) {
        out += c;
        continue;
      }
      const next = tok[i + 1] ?? '';
      if (next === '/') return { text: input, badAt: start + i };
      out += next === "'" ? '\\x27' : c + next;
      i++;
    }
    parts.push(out);
  }
  return { text: parts.join(''), badAt: undefined };
}

/** A JSON stream (what Kubernetes reads when the text starts with `{`): one or more values. */
function parseJsonStream(text: string): GoYamlDocument[] | undefined {
  const out: GoYamlDocument[] = [];
  let i = 0;
  const lineAt = (pos: number) => text.slice(0, pos).split('\n').length;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (i >= text.length) break;
    const end = jsonValueEnd(text, i);
    try {
      const value: unknown = JSON.parse(text.slice(i, end));
      if (value !== null) out.push({ value, line: lineAt(i) });
    } catch {
      return undefined;
    }
    i = end;
  }
  return out;
}

function jsonValueEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (depth === 0 && /\s/.test(c ?? '')) return i;
  }
  return text.length;
}
