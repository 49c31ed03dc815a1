// The shape of one API route: path, schemas, the RBAC check it needs, and its handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Principal } from './auth.js';
import type { EncodedBodies } from './http-encoding.js';
import type { HttpError } from './http-error.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteInput<B = unknown> {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: B;
  /** Set on every route that is not `public`. */
  principal: Principal | undefined;
  req: IncomingMessage;
  res: ServerResponse;
  /** Raw request bytes (routes with `rawBody`). */
  raw: Buffer;
  /** RBAC for checks a route makes itself (per item of a list, or a second permission). */
  can(resource: string, action: string, object: string): boolean;
  /** Throws a 403 HttpError naming the refused permission. */
  require(resource: string, action: string, object: string): void;
}

export type RouteResult =
  | { status?: number; body: unknown; headers?: Record<string, string> }
  /**
   * JSON already serialized (or serialized on demand: not for a 304), with an ETag for conditional GETs;
   * `shared` lets requests for the same ETag share one compression.
   */
  | {
      status?: number;
      text: string | (() => string | Buffer);
      etag: string;
      shared?: EncodedBodies;
      headers?: Record<string, string>;
    }
  /** The handler wrote the response itself (event streams, files). */
  | { streamed: true };

export interface RbacCheck {
  resource: string;
  action: string;
  /**
   * The object checked before the handler runs, e.g. `<project>/<app>`; an HttpError (say 404) ends the
   * request. Omitted: the handler checks each item itself with `can` (lists, streams).
   */
  object?: (input: RouteInput) => string | HttpError | Promise<string | HttpError>;
}

export interface QueryParam {
  name: string;
  description: string;
  type?: 'string' | 'integer' | 'boolean';
  repeated?: boolean;
}

export interface Route<B = unknown> {
  method: Method;
  /** `/api/v1/applications/{name}`: `{x}` captures one URL-decoded segment. */
  path: string;
  summary: string;
  tag: string;
  /** `public`: no token needed (login, version, webhooks); `user`: any valid token, checked by `rbac`. */
  auth: 'public' | 'user';
  /** Required for `user` routes; `self` means the handler limits the caller to its own account. */
  rbac?: RbacCheck | 'self';
  query?: QueryParam[];
  body?: z.ZodType<B>;
  response?: z.ZodType;
  /** Bytes; default 1 MiB. */
  maxBodyBytes?: number;
  rawBody?: boolean;
  handler(input: RouteInput<B>): Promise<RouteResult>;
}

/** Erases the body type so routes of different bodies share one table; the router validates with `body` first. */
export function defineRoute<B>(r: Route<B>): Route {
  return r as unknown as Route;
}

export function json(body: unknown, status = 200): RouteResult {
  return { status, body };
}
