// KubeClient over a fake transport: what goes on the wire, and how errors and watch events come back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAlreadyExists, isConflict, isGone, isInvalid, isNotFound, KubeApiError } from './api-error.js';
import type { ApiResource } from './api-resource.js';
import { KubeClient } from './client.js';
import type { HttpRequest, HttpResponse, HttpStream, Transport } from './transport.js';

const deploys: ApiResource = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  resource: 'deployments',
  namespaced: true,
  verbs: [],
};

class FakeTransport implements Transport {
  readonly sent: HttpRequest[] = [];
  constructor(private readonly reply: (req: HttpRequest) => HttpResponse) {}
  async request(req: HttpRequest): Promise<HttpResponse> {
    this.sent.push(req);
    return this.reply(req);
  }
  async stream(req: HttpRequest): Promise<HttpStream> {
    this.sent.push(req);
    const res = this.reply(req);
    const lines = res.body.split('\n');
    return {
      status: res.status,
      body: res.status === 200 ? '' : res.body,
      lines: (async function* () {
        yield* lines;
      })(),
    };
  }
  close(): void {}
}

const conn = { server: 'https://k', name: 'test' };
const ok = (body: unknown): HttpResponse => ({ status: 200, body: JSON.stringify(body) });
const web = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'ns' } };

test('apply is a PATCH with the apply content type, field manager, force and dry run', async () => {
  const t = new FakeTransport(() => ok(web));
  const c = new KubeClient(conn, t);
  await c.apply(deploys, web, { fieldManager: 'driftless', force: true, dryRun: true });
  const req = t.sent[0];
  assert.equal(req?.method, 'PATCH');
  assert.equal(
    req?.path,
    '/apis/apps/v1/namespaces/ns/deployments/web?fieldManager=driftless&force=true&dryRun=All',
  );
  assert.equal(req?.headers?.['Content-Type'], 'application/apply-patch+yaml');
  assert.deepEqual(JSON.parse(req?.body ?? ''), web);
});

test('patch types, delete options and the status subresource', async () => {
  const t = new FakeTransport(() => ok(web));
  const c = new KubeClient(conn, t);
  await c.patch(deploys, 'web', [{ op: 'remove', path: '/x' }], { type: 'json', namespace: 'ns' });
  await c.patchStatus(deploys, 'web', { status: {} }, { type: 'merge', namespace: 'ns' });
  await c.delete(deploys, 'web', { namespace: 'ns', propagationPolicy: 'Foreground', dryRun: true });
  assert.equal(t.sent[0]?.headers?.['Content-Type'], 'application/json-patch+json');
  assert.equal(t.sent[1]?.path, '/apis/apps/v1/namespaces/ns/deployments/web/status');
  assert.equal(t.sent[1]?.headers?.['Content-Type'], 'application/merge-patch+json');
  assert.equal(t.sent[2]?.method, 'DELETE');
  assert.deepEqual(JSON.parse(t.sent[2]?.body ?? ''), {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    propagationPolicy: 'Foreground',
    dryRun: ['All'],
  });
});

test('list fills apiVersion and kind on items and passes paging options', async () => {
  const t = new FakeTransport(() =>
    ok({ metadata: { resourceVersion: '7', continue: 'c2' }, items: [{ metadata: { name: 'a' } }] }),
  );
  const list = await new KubeClient(conn, t).list(deploys, { labelSelector: 'app=x', limit: 1 });
  assert.equal(t.sent[0]?.path, '/apis/apps/v1/deployments?labelSelector=app%3Dx&limit=1');
  assert.equal(list.items[0]?.kind, 'Deployment');
  assert.equal(list.items[0]?.apiVersion, 'apps/v1');
  assert.equal(list.metadata.continue, 'c2');
});

test('Status objects become KubeApiErrors that tell 404/409/410/422 apart', async () => {
  const status = (code: number, reason: string) => ({
    status: code,
    body: JSON.stringify({ kind: 'Status', code, reason, message: `m${code}` }),
  });
  const cases: [HttpResponse, (e: unknown) => boolean][] = [
    [status(404, 'NotFound'), isNotFound],
    [status(409, 'AlreadyExists'), isAlreadyExists],
    [status(409, 'Conflict'), isConflict],
    [status(410, 'Expired'), isGone],
    [status(422, 'Invalid'), isInvalid],
  ];
  for (const [res, is] of cases) {
    const c = new KubeClient(conn, new FakeTransport(() => res));
    await assert.rejects(c.get(deploys, 'web', { namespace: 'ns' }), (e: unknown) => {
      assert.ok(e instanceof KubeApiError);
      assert.ok(is(e), e.reason);
      assert.match(
        e.message,
        new RegExp(`GET /apis/apps/v1/namespaces/ns/deployments/web: ${e.code} ${e.reason}: m${e.code}`),
      );
      return true;
    });
  }
  const html = new KubeClient(
    conn,
    new FakeTransport(() => ({ status: 502, body: '<html>bad gateway</html>' })),
  );
  await assert.rejects(html.get(deploys, 'web'), /502 HTTP502: <html>bad gateway/);
});

test('watch yields events and throws an ERROR event as KubeApiError', async () => {
  const lines = [
    JSON.stringify({ type: 'ADDED', object: web }),
    JSON.stringify({
      type: 'BOOKMARK',
      object: { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { resourceVersion: '9' } },
    }),
    JSON.stringify({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 1 (5)' },
    }),
  ].join('\n');
  const t = new FakeTransport(() => ({ status: 200, body: lines }));
  const c = new KubeClient(conn, t);
  const seen: string[] = [];
  await assert.rejects(
    (async () => {
      for await (const ev of c.watch(deploys, {
        resourceVersion: '1',
        allowWatchBookmarks: true,
        timeoutSeconds: 30,
      }))
        seen.push(ev.type);
    })(),
    (e: unknown) => isGone(e),
  );
  assert.deepEqual(seen, ['ADDED', 'BOOKMARK']);
  assert.equal(
    t.sent[0]?.path,
    '/apis/apps/v1/deployments?watch=true&resourceVersion=1&allowWatchBookmarks=true&timeoutSeconds=30',
  );
});
