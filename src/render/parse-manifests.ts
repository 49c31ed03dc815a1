// Reads YAML/JSON text into Kubernetes objects: multi-document YAML, `List` kinds flattened, and
// anything that is not a Kubernetes object reported with its file and line.
import { LineCounter, parseAllDocuments } from 'yaml';
import { isPlainObject, type KubeObject } from '../model/index.js';
import { RenderError, type RenderTool } from './errors.js';

/** An object and where it came from (file relative to the repository root, 1-based line). */
export interface SourcedObject {
  object: KubeObject;
  file?: string | undefined;
  line?: number | undefined;
}

export interface ParseOptions {
  file?: string | undefined;
  tool: RenderTool;
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

/** Parses one file's text (YAML or JSON) into objects. Empty documents are skipped. */
export function parseManifests(text: string, opts: ParseOptions): SourcedObject[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const out: SourcedObject[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const err = doc.errors[0];
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
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    const line = doc.contents ? lc.linePos(doc.contents.range[0]).line : undefined;
    if (isListShape(value)) {
      out.push(...flatten(value as KubeObject, opts, line));
      continue;
    }
    out.push({ object: checkObject(value, opts, line), file: opts.file, line });
  }
  return out;
}
