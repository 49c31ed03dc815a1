// Reads YAML/JSON text into Kubernetes objects as kubectl does (go-yaml rules): multi-document YAML, `List` kinds flattened, and
// anything that is not a Kubernetes object reported with its file and line.
import { GoYamlError, parseGoYamlDocuments, type GoYamlDocument } from '../common/go-yaml.js';
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
  /** `json`: a tool's JSON output (jsonnet): one object, an array of them, or a List. Default YAML. */
  format?: 'yaml' | 'json' | undefined;
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

/** Parses one file's text (YAML or JSON) as kubectl reads it into objects. Empty documents are skipped. */
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
  let docs: GoYamlDocument[];
  try {
    docs = parseGoYamlDocuments(text, { maxAliases: limits.maxYamlAliases, maxDepth: limits.maxDepth });
  } catch (e) {
    if (!(e instanceof GoYamlError)) throw e;
    const where = { ...opts, line: e.line };
    if (e.limit === 'aliases') throw limitExceeded('maxYamlAliases', e.reason, where);
    if (e.limit === 'depth') throw limitExceeded('maxDepth', e.reason, where);
    throw new RenderError(`YAML syntax error: ${e.reason}`, {
      reason: 'InvalidManifest',
      tool: opts.tool,
      file: opts.file,
      line: e.line,
      hint: 'fix the YAML at that line (kubectl refuses this file too)',
    });
  }
  const out: SourcedObject[] = [];
  for (const { value, line } of docs) {
    if (isListShape(value)) {
      out.push(...flatten(value as KubeObject, opts, line));
      continue;
    }
    out.push({ object: checkObject(value, opts, line), file: opts.file, line });
  }
  return out;
}

/** Reads a tool's JSON output (jsonnet): an object, an array of objects, or a List, each checked. */
export function parseJsonOutput(text: string, opts: ParseOptions): SourcedObject[] {
  const maxDepth = (opts.limits ?? DEFAULT_LIMITS).maxDepth;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RenderError(`${opts.tool} output is not JSON`, {
      reason: 'ToolFailed',
      tool: opts.tool,
      file: opts.file,
    });
  }
  const depth = valueDepth(value, maxDepth);
  if (depth > maxDepth)
    throw limitExceeded('maxDepth', `the output nests ${depth} levels, more than ${maxDepth}`, opts);
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((it): SourcedObject[] =>
    isListShape(it)
      ? (it as { items: unknown[] }).items.map((x) => ({ object: checkObject(x, opts), file: opts.file }))
      : [{ object: checkObject(it, opts), file: opts.file }],
  );
}
