// Small builders for the structural OpenAPI v3 schemas of our CRDs, so each Argo CD type is written once.

/** The subset of apiextensions.k8s.io/v1 JSONSchemaProps our CRDs use. */
export interface SchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  format?: string;
  enum?: string[];
  properties?: Record<string, SchemaProps>;
  required?: string[];
  items?: SchemaProps;
  additionalProperties?: SchemaProps;
  anyOf?: SchemaProps[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

export function str(description?: string): SchemaProps {
  return description === undefined ? { type: 'string' } : { type: 'string', description };
}

export function bool(description?: string): SchemaProps {
  return description === undefined ? { type: 'boolean' } : { type: 'boolean', description };
}

/** Go's int64 fields, as controller-gen writes them. */
export function int64(description?: string): SchemaProps {
  const s: SchemaProps = { type: 'integer', format: 'int64' };
  if (description !== undefined) s.description = description;
  return s;
}

export function list(items: SchemaProps, description?: string): SchemaProps {
  return description === undefined ? { type: 'array', items } : { type: 'array', items, description };
}

export function strList(description?: string): SchemaProps {
  return list(str(), description);
}

/** A map of string to string (labels, annotations, commonLabels, …). */
export function strMap(description?: string): SchemaProps {
  const s: SchemaProps = { type: 'object', additionalProperties: str() };
  if (description !== undefined) s.description = description;
  return s;
}

export interface ObjOptions {
  required?: string[];
  description?: string;
  /** Keep fields the schema does not name instead of pruning them. */
  preserveUnknown?: boolean;
}

export function obj(properties: Record<string, SchemaProps>, opts: ObjOptions = {}): SchemaProps {
  const s: SchemaProps = { type: 'object' };
  if (opts.description !== undefined) s.description = opts.description;
  s.properties = properties;
  if (opts.required?.length) s.required = [...opts.required];
  if (opts.preserveUnknown) s['x-kubernetes-preserve-unknown-fields'] = true;
  return s;
}

/** Free-form JSON object (Helm valuesObject, generator bodies): kept as written, not pruned. */
export function freeObject(description?: string): SchemaProps {
  const s: SchemaProps = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  if (description !== undefined) s.description = description;
  return s;
}

/** Kubernetes' int-or-string (e.g. kustomize replica counts). */
export function intOrString(description?: string): SchemaProps {
  const s: SchemaProps = {
    anyOf: [{ type: 'integer' }, { type: 'string' }],
    'x-kubernetes-int-or-string': true,
  };
  if (description !== undefined) s.description = description;
  return s;
}

/** `{name, value}` pairs (info items, env entries) with both fields required. */
export function nameValueList(description?: string): SchemaProps {
  return list(obj({ name: str(), value: str() }, { required: ['name', 'value'] }), description);
}

/**
 * Marks every object that names its properties as also keeping the ones it does not name, so a
 * field Argo CD (or a later Driftless) writes is never pruned by an older schema (ADR 0015).
 */
export function keepUnknownFields(schema: SchemaProps): SchemaProps {
  const out: SchemaProps = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, keepUnknownFields(v)]),
    );
    out['x-kubernetes-preserve-unknown-fields'] = true;
  }
  if (schema.items) out.items = keepUnknownFields(schema.items);
  if (schema.additionalProperties) out.additionalProperties = keepUnknownFields(schema.additionalProperties);
  return out;
}
