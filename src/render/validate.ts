// Final checks on a render's output: every object well-formed, no two objects with one identity.
import { describeKey, keyOf, keyString } from '../model/index.js';
import { RenderError, type RenderTool } from './errors.js';
import { checkObject, type SourcedObject } from './parse-manifests.js';

function where(o: SourcedObject): string {
  return o.file ? `${o.file}${o.line ? `:${o.line}` : ''}` : 'tool output';
}

/** Throws RenderError for an invalid object or a duplicate group/kind/namespace/name. */
export function validateObjects(objects: readonly SourcedObject[], tool: RenderTool): void {
  const seen = new Map<string, SourcedObject>();
  for (const o of objects) {
    checkObject(o.object, { tool, file: o.file }, o.line);
    if (!o.object.metadata.name) continue; // generateName objects are unique by construction
    const key = keyString(keyOf(o.object));
    const first = seen.get(key);
    if (first) {
      throw new RenderError(`duplicate object ${describeKey(keyOf(o.object))} (also at ${where(first)})`, {
        reason: 'DuplicateObject',
        tool,
        file: o.file,
        line: o.line,
        hint: 'each object may appear once per application; remove or rename one of them',
      });
    }
    seen.set(key, o);
  }
}
