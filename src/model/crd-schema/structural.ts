// Checks that a CRD's OpenAPI v3 schema is structural, as kube-apiserver requires for apiextensions.k8s.io/v1.
import { isPlainObject } from '../kube-object.js';

const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
const KNOWN_KEYS = new Set([
  'type',
  'description',
  'format',
  'enum',
  'properties',
  'required',
  'items',
  'additionalProperties',
  'anyOf',
  'allOf',
  'oneOf',
  'not',
  'default',
  'nullable',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
  'x-kubernetes-embedded-resource',
]);
// Inside anyOf/allOf/oneOf/not these would make the schema non-structural (value validation only).
const FORBIDDEN_IN_JUNCTORS = ['description', 'type', 'default', 'additionalProperties', 'nullable'];
const JUNCTORS = ['anyOf', 'allOf', 'oneOf'] as const;

function isIntOrStringAnyOf(anyOf: unknown): boolean {
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return false;
  const types = anyOf.map((s: unknown) => (isPlainObject(s) ? s['type'] : undefined));
  return types[0] === 'integer' && types[1] === 'string';
}

function checkJunctorBranch(branch: unknown, path: string, out: string[]): void {
  if (!isPlainObject(branch)) {
    out.push(`${path}: must be a schema object`);
    return;
  }
  for (const key of FORBIDDEN_IN_JUNCTORS)
    if (key in branch) out.push(`${path}: "${key}" is not allowed inside a junctor`);
}

function checkNode(node: unknown, path: string, out: string[]): void {
  if (!isPlainObject(node)) {
    out.push(`${path}: must be a schema object`);
    return;
  }
  for (const key of Object.keys(node))
    if (!KNOWN_KEYS.has(key)) out.push(`${path}: unknown schema keyword "${key}"`);
  const type = node['type'];
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString = node['x-kubernetes-int-or-string'] === true;

  if (type === undefined && !preserve && !intOrString) out.push(`${path}: has no type`);
  if (type !== undefined && (typeof type !== 'string' || !TYPES.has(type)))
    out.push(`${path}: unknown type ${String(type)}`);
  if (node['x-kubernetes-preserve-unknown-fields'] === false)
    out.push(`${path}: x-kubernetes-preserve-unknown-fields must be true or absent`);
  if (preserve && type !== undefined && type !== 'object')
    out.push(`${path}: x-kubernetes-preserve-unknown-fields needs type object`);
  if (intOrString && type !== undefined) out.push(`${path}: x-kubernetes-int-or-string must not set type`);
  if (intOrString && node['anyOf'] !== undefined && !isIntOrStringAnyOf(node['anyOf'])) {
    out.push(`${path}: x-kubernetes-int-or-string allows only anyOf [integer, string]`);
  }

  const props = node['properties'];
  const additional = node['additionalProperties'];
  if (props !== undefined && additional !== undefined)
    out.push(`${path}: properties and additionalProperties are mutually exclusive`);
  if ((props !== undefined || additional !== undefined) && type !== 'object')
    out.push(`${path}: properties need type object`);
  if (props !== undefined) {
    if (!isPlainObject(props)) out.push(`${path}.properties: must be a map`);
    else for (const [k, v] of Object.entries(props)) checkNode(v, `${path}.${k}`, out);
  }
  if (additional !== undefined) {
    if (typeof additional === 'boolean')
      out.push(`${path}: additionalProperties must be a schema, not a boolean`);
    else checkNode(additional, `${path}.additionalProperties`, out);
  }

  const required = node['required'];
  if (required !== undefined) {
    if (!Array.isArray(required)) out.push(`${path}.required: must be a list`);
    else
      for (const r of required) {
        if (!isPlainObject(props) || !(String(r) in props))
          out.push(`${path}.required: "${String(r)}" is not a property`);
      }
  }

  if (type === 'array') {
    if (node['items'] === undefined) out.push(`${path}: type array needs items`);
    else if (Array.isArray(node['items'])) out.push(`${path}.items: must be one schema, not a list`);
    else checkNode(node['items'], `${path}[]`, out);
  } else if (node['items'] !== undefined) out.push(`${path}: items need type array`);

  for (const j of JUNCTORS) {
    const branches = node[j];
    if (branches === undefined) continue;
    if (!Array.isArray(branches)) out.push(`${path}.${j}: must be a list`);
    // int-or-string's anyOf carries types by design; the apiserver allows exactly that pattern.
    else if (!(j === 'anyOf' && intOrString && isIntOrStringAnyOf(branches)))
      branches.forEach((b, i) => checkJunctorBranch(b, `${path}.${j}[${i}]`, out));
  }
  if (node['not'] !== undefined) checkJunctorBranch(node['not'], `${path}.not`, out);
}

/** Problems that would make the apiserver reject the schema as non-structural; empty when it is structural. */
export function structuralErrors(schema: unknown, path = 'openAPIV3Schema'): string[] {
  const out: string[] = [];
  if (!isPlainObject(schema) || schema['type'] !== 'object') {
    return [`${path}: the root must have type object`];
  }
  checkNode(schema, path, out);
  // Only metadata.name and metadata.generateName may be constrained; anything else is ignored or rejected.
  const props = schema['properties'];
  const meta = isPlainObject(props) ? props['metadata'] : undefined;
  if (isPlainObject(meta) && isPlainObject(meta['properties'])) {
    for (const k of Object.keys(meta['properties'])) {
      if (k !== 'name' && k !== 'generateName')
        out.push(`${path}.metadata.${k}: only name and generateName may be specified`);
    }
  }
  return out;
}
