// The application list as clients use it at scale, against Driftless started by the composition root: Argo CD's
// `fields`, gzip and br, ETag → 304, paging with filters, and `driftless app list` asking only for its columns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Application } from '../../src/model/index.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { cliRunner } from './support/cli.js';
import { appBody, startApi, type RunningApi } from './api-support.js';

const NS = `api-list-e2e-${randomSuffix()}`;
const prefix = `lst-${randomSuffix()}`;
const names = [0, 1, 2, 3, 4].map((i) => `${prefix}-${i}`);
const xdg = mkdtempSync(join(tmpdir(), 'driftless-list-e2e-'));
let api: RunningApi;
let token = '';

interface List {
  metadata: { continue?: string; remainingItemCount?: number };
  items?: Application[];
}

/** A raw GET (node:http: fetch would decode), so the test sees the wire: status, headers and the bytes as sent. */
function get(query: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
    const req = request(
      `${api.url}/api/v1/applications?${query}`,
      { headers: { Authorization: `Bearer ${token}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  api = await startApi({ namespace: NS });
  token = await api.admin.login('admin', api.adminPassword);
  for (const [i, name] of names.entries()) {
    const body = appBody(name, 'https://example.invalid/list.git', name, `${name}-dest`);
    await api.admin.createApplication({
      ...body,
      // skip-reconcile: these tests are about the list, not about syncing.
      metadata: {
        ...body.metadata,
        labels: { tier: i % 2 === 0 ? 'even' : 'odd' },
        annotations: { 'argocd.argoproj.io/skip-reconcile': 'true' },
      },
    } as Application);
  }
  await waitFor(async () => (await api.admin.listApplications()).items.length === names.length, {
    what: 'all apps listed',
    timeoutMs: 30_000,
  });
});
after(async () => {
  await api.stop();
  rmSync(xdg, { recursive: true, force: true });
});

test("fields selects Argo CD's dotted paths per item; an invalid path is a clear 400", async () => {
  const { status, bytes } = await get('fields=items.metadata.name,items.spec.destination.namespace');
  assert.equal(status, 200);
  const list = JSON.parse(bytes.toString()) as List;
  assert.deepEqual(
    list.items,
    names.map((n) => ({ metadata: { name: n }, spec: { destination: { namespace: `${n}-dest` } } })),
  );
  const bad = await get('fields=items..name');
  assert.equal(bad.status, 400);
  assert.match((JSON.parse(bad.bytes.toString()) as { message: string }).message, /invalid field path/);
});

test('gzip and br by Accept-Encoding decode to the same list; ETag answers 304 until an app changes', async () => {
  const plain = await get('');
  const etag = String(plain.headers.etag ?? '');
  assert.match(etag, /^W\/".+"$/);
  const br = await get('', { 'Accept-Encoding': 'br' });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.deepEqual(JSON.parse(brotliDecompressSync(br.bytes).toString()), JSON.parse(plain.bytes.toString()));
  const gz = await get('', { 'Accept-Encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.deepEqual(JSON.parse(gunzipSync(gz.bytes).toString()), JSON.parse(plain.bytes.toString()));
  assert.ok(br.bytes.length < plain.bytes.length / 3, `br ${br.bytes.length} of ${plain.bytes.length} bytes`);

  const same = await get('', { 'If-None-Match': etag });
  assert.equal(same.status, 304);
  assert.equal(same.bytes.length, 0);
  await api.admin.patchApplication(names[2] ?? '', { metadata: { labels: { changed: 'yes' } } });
  const changed = await waitFor(
    async () => {
      const r = await get('', { 'If-None-Match': etag });
      return r.status === 200 ? r : undefined;
    },
    { what: 'a new ETag after the change', timeoutMs: 30_000 },
  );
  assert.notEqual(changed.headers.etag, etag);
  const items = (JSON.parse(changed.bytes.toString()) as List).items ?? [];
  assert.equal(items.find((a) => a.metadata.name === names[2])?.metadata.labels?.changed, 'yes');
});

test('pages with a selector and fields walk the filtered list in name order', async () => {
  const seen: string[] = [];
  let cont = '';
  do {
    const q = new URLSearchParams({ selector: 'tier=even', fields: 'items.metadata.name', limit: '2' });
    if (cont) q.set('continue', cont);
    const list = JSON.parse((await get(q.toString())).bytes.toString()) as List;
    seen.push(...(list.items ?? []).map((a) => a.metadata.name).filter((n) => n.startsWith(prefix)));
    cont = list.metadata.continue ?? '';
  } while (cont);
  assert.deepEqual(seen, [names[0], names[2], names[4]]);
});

test('`driftless app list` prints its table from the fields it asks for', async () => {
  const r = await cliRunner(xdg)(['app', 'list', '-l', 'tier=odd'], {
    env: { DRIFTLESS_SERVER: api.url, DRIFTLESS_AUTH_TOKEN: token },
  });
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.trim().split('\n');
  assert.match(rows[0] ?? '', /^NAME\s+PROJECT\s+SYNC\s+HEALTH/);
  assert.deepEqual(
    rows.slice(1).map((l) => l.split(/\s+/)[0]),
    [names[1], names[3]],
  );
  assert.match(rows[1] ?? '', new RegExp(`default\\s.*${names[1]}-dest`));
});
