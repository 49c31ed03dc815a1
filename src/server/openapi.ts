// The OpenAPI 3.1 document, generated from the route table and its zod schemas so it cannot drift from the code.
import { z } from 'zod';
import type { Route } from './route.js';

const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    code: { type: 'integer', description: 'gRPC status code, as Argo CD sends' },
    hint: { type: 'string' },
  },
  required: ['error', 'message', 'code'],
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function operation(r: Route): Record<string, unknown> {
  const pathParams = [...r.path.matchAll(/\{(\w+)\*?\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryParams = (r.query ?? []).map((q) => ({
    name: q.name,
    in: 'query',
    required: false,
    description: q.description,
    schema: q.repeated
      ? { type: 'array', items: { type: q.type ?? 'string' } }
      : { type: q.type ?? 'string' },
    ...(q.repeated ? { style: 'form', explode: true } : {}),
  }));
  const responses: Record<string, unknown> = {
    '200': {
      description: 'OK',
      content: {
        'application/json': { schema: r.response ? jsonSchema(r.response, 'output') : { type: 'object' } },
      },
    },
    default: {
      description: 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
  };
  const op: Record<string, unknown> = {
    operationId: `${r.method.toLowerCase()}${r.path.replace(/[{}*]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: r.summary,
    tags: [r.tag],
    parameters: [...pathParams, ...queryParams],
    responses,
  };
  if (r.body)
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: jsonSchema(r.body, 'input') } },
    };
  if (r.auth === 'user') {
    op.security = [{ bearer: [] }, { cookie: [] }];
    op['x-rbac'] =
      r.rbac === 'self'
        ? { check: 'the caller acts on its own account (or needs accounts/update)' }
        : { resource: r.rbac?.resource, action: r.rbac?.action, perItem: r.rbac?.object === undefined };
  }
  return op;
}

export function openApiDocument(routes: readonly Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/\{(\w+)\*\}/g, '{$1}');
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = operation(r);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Driftless API (Argo CD compatible)', version },
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'argocd.token' },
      },
    },
  };
}
