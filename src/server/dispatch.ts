// One API request end to end: match, authenticate, read and validate the body, check RBAC, run, answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../common/errors.js';
import { KubeApiError, KubeConnectionError } from '../model/api-error.js';
import type { ApiContext } from './api-context.js';
import { authenticate, credentialOf, type Principal } from './auth.js';
import { checkCookieRequest } from './csrf.js';
import { DEFAULT_MAX_BODY, parseJson, readBody, validateBody } from './body.js';
import { sendEncoded } from './http-encoding.js';
import { forbidden, HttpError, notFound, unauthorized } from './http-error.js';
import type { RouteInput } from './route.js';
import type { Router } from './router.js';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Errors of the Kubernetes API become API errors with its message; anything else is ours and logged. */
export function toHttpError(e: unknown, api: ApiContext): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof KubeApiError) {
    const text = typeof e.status?.message === 'string' ? e.status.message : e.message;
    if (e.code === 404) return notFound(text);
    if (e.code === 409) return new HttpError(409, text, 'the object changed meanwhile; retry');
    if (e.code === 422 || e.code === 400) return new HttpError(400, text);
    api.log.error('kubernetes API call failed', { code: e.code, error: e.message });
    if (e.code === 429 || e.code === 503 || e.code === 504)
      return new HttpError(
        503,
        `the Kubernetes API is unavailable (${e.code} ${e.reason}): ${text}`,
        'retry shortly',
      );
    return new HttpError(502, `the Kubernetes API refused the request (${e.code} ${e.reason}): ${text}`);
  }
  if (e instanceof KubeConnectionError) {
    api.log.warn('kubernetes API unreachable', { error: e.message });
    return new HttpError(
      503,
      `the Kubernetes API is unreachable: ${e.message}`,
      'retry when the API server is back',
    );
  }
  api.log.error('API handler failed', {
    error: errorMessage(e),
    stack: e instanceof Error ? e.stack : undefined,
  });
  return new HttpError(500, 'internal error (see the server log)');
}

export async function dispatch(
  api: ApiContext,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ready: () => boolean,
  /** Runs before the caller is authenticated (renews a browser's SSO session that is due). */
  beforeAuth?: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<void> {
  const t0 = performance.now();
  const m = router.match(req.method ?? 'GET', url.pathname);
  if (!m.route) {
    if (m.allowed.length > 0) {
      sendJson(
        res,
        405,
        new HttpError(
          405,
          `${req.method} is not allowed on ${url.pathname}`,
          `use ${m.allowed.join(', ')}`,
        ).toBody(),
        {
          Allow: m.allowed.join(', '),
        },
      );
    } else
      sendJson(
        res,
        404,
        notFound(`no API route ${req.method} ${url.pathname}`, 'see /api/openapi.json').toBody(),
      );
    return;
  }
  const route = m.route;
  try {
    if (!ready())
      throw new HttpError(503, 'the server is starting: its caches are not synced yet', 'retry shortly');
    if (beforeAuth) await beforeAuth(req, res);
    let principal: Principal | undefined;
    const credential = credentialOf(req);
    const csrf = route.rawBody ? undefined : checkCookieRequest(req, credential?.via);
    if (csrf) throw csrf;
    if (route.auth === 'user') {
      const token = credential?.token;
      if (!token)
        throw unauthorized(
          'no token: send Authorization: Bearer <token>',
          'get one with POST /api/v1/session',
        );
      const p = authenticate(
        token,
        api.settings.current(),
        (n) => api.read.apps.project(n),
        Math.floor(api.nowMs() / 1000),
      );
      if (p instanceof HttpError) throw p;
      principal = p;
    }
    const raw =
      req.method === 'GET' || req.method === 'HEAD'
        ? Buffer.alloc(0)
        : await readBody(req, route.maxBodyBytes ?? DEFAULT_MAX_BODY);
    const body = route.rawBody
      ? undefined
      : route.body
        ? validateBody(route.body, parseJson(raw))
        : undefined;
    const subjects = principal?.subjects ?? [];
    // One enforcer per request: a list asks once per item, and finding the current one reads the projects.
    let enforcer: ReturnType<ApiContext['enforcer']> | undefined;
    const decide = (resource: string, action: string, object: string) =>
      (enforcer ??= api.enforcer()).enforce(subjects, resource, action, object);
    const input: RouteInput = {
      params: m.params,
      query: url.searchParams,
      body,
      principal,
      req,
      res,
      raw,
      can: (r, a, o) => decide(r, a, o).allowed,
      require: (r, a, o) => {
        const d = decide(r, a, o);
        if (!d.allowed) throw forbidden(d.reason, `ask an admin for "${a}" on ${r} in argocd-rbac-cm`);
      },
    };
    if (route.auth === 'user' && route.rbac !== 'self' && route.rbac?.object) {
      let object: string | HttpError;
      try {
        object = await route.rbac.object(input);
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        object = e;
      }
      if (object instanceof HttpError) {
        // A missing object is a 404 only for callers who may do this to an object of that name in some
        // project; anyone else gets the 403 they would get for an existing one, so names do not leak.
        if (object.status === 404)
          input.require(route.rbac.resource, route.rbac.action, `*/${input.params['name'] ?? ''}`);
        throw object;
      }
      input.require(route.rbac.resource, route.rbac.action, object);
    }
    const result = await route.handler(input);
    if ('streamed' in result) return;
    if ('text' in result)
      await sendEncoded(
        req,
        res,
        { status: result.status ?? 200, text: result.text, etag: result.etag, headers: result.headers },
        result.shared,
      );
    else
      await sendEncoded(req, res, {
        status: result.status ?? 200,
        text: JSON.stringify(result.body) ?? 'null',
        headers: result.headers,
      });
  } catch (e) {
    const err = toHttpError(e, api);
    if (res.headersSent) res.destroy();
    else
      sendJson(
        res,
        err.status,
        err.toBody(),
        err.status === 429 ? { 'Retry-After': String(err.details?.retryAfterSeconds ?? 60) } : {},
      );
  } finally {
    api.metrics.http.observe({ route: `${route.method} ${route.path}` }, (performance.now() - t0) / 1000);
  }
}
