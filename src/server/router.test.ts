// The router, request-body validation, the OpenAPI document built from the routes, and static file paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { validateBody } from './body.js';
import { HttpError } from './http-error.js';
import { openApiDocument } from './openapi.js';
import { defineRoute, json, type Route } from './route.js';
import { Router } from './router.js';
import { syncRequest } from './schemas.js';
import { resolveInside } from './static-files.js';

const noop = async () => json({});
const routes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/applications',
    summary: 'list',
    tag: 'A',
    auth: 'user',
    rbac: { resource: 'applications', action: 'get' },
    handler: noop,
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/applications/{name}',
    summary: 'get',
    tag: 'A',
    auth: 'user',
    rbac: { resource: 'applications', action: 'get', object: () => 'x' },
    handler: noop,
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/applications/{name}/sync',
    summary: 'sync',
    tag: 'A',
    auth: 'user',
    rbac: { resource: 'applications', action: 'sync', object: () => 'x' },
    body: syncRequest,
    handler: noop,
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/account/can-i/{resource}/{action}/{object*}',
    summary: 'can-i',
    tag: 'B',
    auth: 'user',
    rbac: 'self',
    handler: noop,
  }),
  defineRoute({ method: 'GET', path: '/api/version', summary: 'v', tag: 'V', auth: 'public', handler: noop }),
];

test('paths match with decoded parameters; other methods get 405 data', () => {
  const r = new Router(routes);
  const m = r.match('GET', '/api/v1/applications/my%2Fapp');
  assert.ok(m.route);
  assert.deepEqual(m.route && 'params' in m ? m.params : {}, { name: 'my/app' });
  const sync = r.match('POST', '/api/v1/applications/web/sync');
  assert.equal(sync.route?.summary, 'sync');
  const wrong = r.match('DELETE', '/api/v1/applications/web');
  assert.equal(wrong.route, undefined);
  assert.deepEqual(wrong.route === undefined ? wrong.allowed : [], ['GET']);
  assert.equal(r.match('GET', '/api/v1/nothing').route, undefined);
  assert.equal(r.match('GET', '/api/v1/applications/%E0%A4%A').route, undefined);
});

test('a trailing {x*} parameter takes the rest of the path', () => {
  const m = new Router(routes).match('GET', '/api/v1/account/can-i/applications/sync/default/guestbook');
  assert.ok(m.route && 'params' in m);
  assert.deepEqual('params' in m ? m.params : {}, {
    resource: 'applications',
    action: 'sync',
    object: 'default/guestbook',
  });
});

test('the table refuses a user route without RBAC and duplicate routes', () => {
  const bad = defineRoute({ method: 'GET', path: '/x', summary: '', tag: '', auth: 'user', handler: noop });
  assert.throws(() => new Router([bad]), /declares no RBAC/);
  assert.throws(
    () => new Router([routes[1] as Route, { ...(routes[1] as Route), path: '/api/v1/applications/{other}' }]),
    /twice/,
  );
});

test('body validation: every problem, with its field path, in one 400', () => {
  assert.deepEqual(validateBody(syncRequest, { prune: true }), { prune: true });
  try {
    validateBody(syncRequest, { prune: 'yes', resources: [{ kind: '' }] });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof HttpError);
    assert.equal(e.status, 400);
    assert.match(e.message, /prune: /);
    assert.match(e.message, /resources\[0\]\.kind: /);
    assert.match(e.message, /resources\[0\]\.name: /);
    assert.equal((e.toBody().issues as string[]).length, 3);
  }
  assert.throws(() => validateBody(z.object({ a: z.string() }), undefined), HttpError);
});

test('the OpenAPI document comes from the route table', () => {
  const doc = openApiDocument(routes, '1.2.3') as {
    openapi: string;
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  assert.equal(doc.openapi, '3.1.0');
  assert.deepEqual(Object.keys(doc.paths).sort(), [
    '/api/v1/account/can-i/{resource}/{action}/{object}',
    '/api/v1/applications',
    '/api/v1/applications/{name}',
    '/api/v1/applications/{name}/sync',
    '/api/version',
  ]);
  const sync = doc.paths['/api/v1/applications/{name}/sync']?.post;
  assert.deepEqual(sync?.['x-rbac'], { resource: 'applications', action: 'sync', perItem: false });
  const body = sync?.requestBody as {
    content: { 'application/json': { schema: { properties: Record<string, unknown> } } };
  };
  assert.ok('prune' in body.content['application/json'].schema.properties);
  assert.equal(doc.paths['/api/version']?.get?.security, undefined);
});

test('static paths never leave the UI directory', () => {
  assert.equal(resolveInside('/srv/ui', '/assets/app.js'), '/srv/ui/assets/app.js');
  assert.equal(resolveInside('/srv/ui', '/../etc/passwd'), undefined);
  assert.equal(resolveInside('/srv/ui', '/%2e%2e/%2e%2e/etc/passwd'), undefined);
  assert.equal(resolveInside('/srv/ui', '/a/%00'), undefined);
  assert.equal(resolveInside('/srv/ui', '/%zz'), undefined);
});
