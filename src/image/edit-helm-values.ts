// Sets keys of a Helm values file (`image.tag`, `image.repository`) in place, keeping its comments
// and layout: the YAML is edited as a document tree, not re-serialized from values.
import { readFile, writeFile } from 'node:fs/promises';
import { isMap, isScalar, parseDocument } from 'yaml';
import { ImageError } from './errors.js';

/** `a.b.c` as a path; `a.b\.c` keeps a dot inside a key. */
export function keyPath(key: string): string[] {
  const parts = key.split(/(?<!\\)\./).map((p) => p.replace(/\\\./g, '.'));
  if (parts.some((p) => !p))
    throw new ImageError(`"${key}" is not a key path`, {
      reason: 'InvalidAnnotation',
      hint: 'write a dotted path such as image.tag',
    });
  return parts;
}

/** A value a key may be set to; numbers and booleans are written unquoted, strings as strings. */
export type HelmScalar = string | number | boolean;

/** Sets each key of `values` (dotted path → scalar) in the YAML text; returns the new text. */
export function setValuesInText(
  text: string,
  values: Readonly<Record<string, HelmScalar>>,
  file = 'values',
): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0)
    throw new ImageError(`${file} is not valid YAML: ${doc.errors[0]?.message ?? ''}`, {
      reason: 'EditFailed',
      hint: 'fix the YAML syntax of the values file',
    });
  if (doc.contents !== null && !isMap(doc.contents))
    throw new ImageError(`${file} is not a map of values`, {
      reason: 'EditFailed',
      hint: 'a Helm values file is a YAML map',
    });
  for (const [key, value] of Object.entries(values)) {
    const path = keyPath(key);
    for (let i = 1; i < path.length; i++) {
      const parent = doc.getIn(path.slice(0, i), true);
      if (parent !== undefined && !isMap(parent) && !(isScalar(parent) && parent.value === null))
        throw new ImageError(`${file}: ${path.slice(0, i).join('.')} is not a map, so ${key} cannot be set`, {
          reason: 'EditFailed',
          hint: 'choose the key that holds the image (for example image.tag)',
        });
    }
    const node = doc.getIn(path, true);
    if (isScalar(node)) node.value = value;
    else doc.setIn(path, value);
  }
  return doc.toString({ lineWidth: 0 });
}

export async function setHelmValues(
  file: string,
  values: Readonly<Record<string, HelmScalar>>,
): Promise<void> {
  const text = await readFile(file, 'utf8').catch((e: unknown) => {
    throw new ImageError(`cannot read the values file ${file}`, {
      reason: 'NotFound',
      hint: 'name an existing values file relative to the path (--helm-values / helmvalues:path)',
      cause: e,
    });
  });
  const out = setValuesInText(text, values, file);
  if (out !== text) await writeFile(file, out);
}
