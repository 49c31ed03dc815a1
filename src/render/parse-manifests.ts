// Reads YAML/JSON text into Kubernetes objects: multi-document YAML, `List` kinds flattened, and
// anything that is not a Kubernetes object reported with its file and line.
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { isPlainObject, type KubeObject } from '../model/index.js';
import { RenderError, type RenderTool } from './errors.js';
import { DEFAULT_LIMITS, limitExceeded, textDepth, valueDepth, type RenderLimits } from './limits.js';

/** An object and where it came from (file relative to the repository root, 1-based line). */
export interface SourcedObject {
  object: KubeObject;
  file?: string | undefined;
  line?: number | undefined;
}

export interface ParseOptions {
  file?: string | undefined;
  tool: RenderTool;
  /** Alias and depth limits; default DEFAULT_LIMITS. */
  limits?: Pick<RenderLimits, 'maxYamlAliases' | 'maxDepth'> | undefined;
}

function notAnObject(why: string, opts: ParseOptions, line: number | undefined): RenderError {
  return new RenderError(`not a Kubernetes object: ${why}`, {
    reason: 'InvalidObject',
    tool: opts.tool,
    file: opts.file,
    line,
    hint: 'every document needs apiVersion, kind and metadata.name; move other files out of the path or exclude them',
  });
}

/** Checks the fields every object needs; the file and line make the error findable. */
export function checkObject(value: unknown, opts: ParseOptions, line?: number): KubeObject {
  if (!isPlainObject(value))
    throw notAnObject(
      `expected a mapping, found ${Array.isArray(value) ? 'a list' : typeof value}`,
      opts,
      line,
    );
  if (typeof value['apiVersion'] !== 'string' || !value['apiVersion'])
    throw notAnObject('apiVersion is missing', opts, line);
  if (typeof value['kind'] !== 'string' || !value['kind']) throw notAnObject('kind is missing', opts, line);
  const meta = value['metadata'];
  if (!isPlainObject(meta)) throw notAnObject('metadata is missing', opts, line);
  const hasName = typeof meta['name'] === 'string' && meta['name'] !== '';
  const hasGenerate = typeof meta['generateName'] === 'string' && meta['generateName'] !== '';
  if (!hasName && !hasGenerate) throw notAnObject('metadata.name is missing', opts, line);
  return value as KubeObject;
}

function flatten(obj: KubeObject, opts: ParseOptions, line: number | undefined): SourcedObject[] {
  const items = obj['items'];
  if (obj.kind.endsWith('List') && Array.isArray(items)) {
    return items.flatMap((it) => flatten(checkObject(it, opts, line), opts, line));
  }
  return [{ object: obj, file: opts.file, line }];
}

function isListShape(v: unknown): boolean {
  return (
    isPlainObject(v) &&
    typeof v['kind'] === 'string' &&
    v['kind'].endsWith('List') &&
    Array.isArray(v['items'])
  );
}

/** The document as plain data; alias expansion and depth beyond the limits are refused. */
function toValue(
  doc: Document.Parsed,
  limits: Pick<RenderLimits, 'maxYamlAliases' | 'maxDepth'>,
  where: ParseOptions & { line: number | undefined },
): unknown {
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxYamlAliases });
  } catch (e) {
    // The yaml package throws a ReferenceError when aliases expand past maxAliasCount.
    if (e instanceof ReferenceError && /alias/i.test(e.message))
      throw limitExceeded(
        'maxYamlAliases',
        `aliases expand more than ${limits.maxYamlAliases} times (an alias bomb?)`,
        where,
      );
    if (e instanceof RangeError) throw limitExceeded('maxDepth', 'the document nests too deeply', where);
    throw e;
  }
  const depth = valueDepth(value, limits.maxDepth);
  if (depth > limits.maxDepth)
    throw limitExceeded(
      'maxDepth',
      `the document nests ${depth} levels, more than ${limits.maxDepth}`,
      where,
    );
  return value;
}

/** Parses one file's text (YAML or JSON) into objects. Empty documents are skipped. */
export function parseManifests(text: string, opts: ParseOptions): SourcedObject[] {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  // The parser recurses per level: refuse deep text before it can exhaust the stack.
  const depth = textDepth(text);
  if (depth > limits.maxDepth)
    throw limitExceeded(
      'maxDepth',
      `the text nests about ${depth} levels, more than ${limits.maxDepth}`,
      opts,
    );
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const out: SourcedObject[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err?.code === 'RESOURCE_EXHAUSTION')
      throw limitExceeded('maxDepth', 'the document nests too deeply to parse', {
        ...opts,
        line: lc.linePos(err.pos[0]).line,
      });
    if (err) {
      const line = lc.linePos(err.pos[0]).line;
      throw new RenderError(`YAML syntax error: ${err.message.split('\n')[0] ?? err.code}`, {
        reason: 'InvalidManifest',
        tool: opts.tool,
        file: opts.file,
        line,
        hint: 'fix the YAML syntax at that line',
      });
    }
    const line = doc.contents ? lc.linePos(doc.contents.range[0]).line : undefined;
    const value = toValue(doc, limits, { ...opts, line });
    if (value === null || value === undefined) continue;
    if (isListShape(value)) {
      out.push(...flatten(value as KubeObject, opts, line));
      continue;
    }
    out.push({ object: checkObject(value, opts, line), file: opts.file, line });
  }
  return out;
}
