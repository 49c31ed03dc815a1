// The list generator: literal elements and elementsYaml, as Argo CD turns them into parameters.
import { parse as parseYaml } from 'yaml';
import { isPlainObject, type ListGenerator } from '../../model/index.js';
import { GeneratorError, type Params } from '../params.js';
import type { GenerateContext } from './types.js';

function elementsFromYaml(text: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (e) {
    throw new GeneratorError(`error unmarshling decoded ElementsYaml: ${(e as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return [];
  if (!Array.isArray(parsed) || !parsed.every(isPlainObject))
    throw new GeneratorError('list generator: elementsYaml must be a YAML list of objects');
  return parsed;
}

/** Non-Go parameters: every value a string, except `values`, a map of strings flattened to values.<key>. */
function flatElement(element: Record<string, unknown>, index: number): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(element)) {
    if (key === 'values' && isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string')
          throw new GeneratorError(
            `error parsing value as string: values.${k} of element ${index} is not a string`,
          );
        params[`values.${k}`] = v;
      }
    } else if (typeof value === 'string') params[key] = value;
    else
      throw new GeneratorError(
        `error parsing value as string: key ${key} of element ${index} is not a string (use goTemplate: true for structured values)`,
      );
  }
  return params;
}

export function generateList(gen: ListGenerator, ctx: GenerateContext): Params[] {
  const elements = [...(gen.elements ?? []), ...(gen.elementsYaml ? elementsFromYaml(gen.elementsYaml) : [])];
  return elements.map((e, i) => {
    if (!isPlainObject(e)) throw new GeneratorError(`list generator: element ${i} is not an object`);
    return ctx.goTemplate ? structuredClone(e) : flatElement(e, i);
  });
}
