// Watch traffic counted on the real wire: a KubeClient over HttpsTransport against a local HTTP server
// that streams watch events in uneven chunks (split inside a multi-byte character and across lines).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isGone } from './api-error.js';
import type { ApiResource } from './api-resource.js';
import { KubeClient } from './client.js';
import { WatchTraffic } from './watch-traffic.js';

const apps: ApiResource = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  kind: 'Application',
  resource: 'applications',
  namespaced: true,
  verbs: [],
};
const cms: ApiResource = { ...apps, group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps' };

const event = (type: string, name: string, rv: string) =>
  JSON.stringify({
    type,
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, resourceVersion: rv } },
  });
/** Three lines, one with a name in Greek so bytes and characters differ. */
const WATCH_BODY = [event('ADDED', 'a', '1'), event('MODIFIED', 'άλφα', '2'), event('BOOKMARK', '', '3')]
  .join('\n')
  .concat('\n');

describe('watch traffic', () => {
  let server: http.Server;
  let client: KubeClient;

  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url?.includes('resourceVersion=old')) {
        res.writeHead(410, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old' }));
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const bytes = Buffer.from(WATCH_BODY);
      // Chunks of 7 bytes: lines and the two-byte Greek letters are cut in the middle.
      for (let i = 0; i < bytes.length; i += 7) res.write(bytes.subarray(i, i + 7));
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = new KubeClient({
      server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      name: 'local',
    });
  });
  after(async () => {
    client.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('counts body bytes, events (bookmarks too) and accepted watches per resource type', async () => {
    const names: string[] = [];
    for await (const ev of client.watch(cms, { resourceVersion: '0' }))
      names.push(ev.object.metadata.name ?? '');
    assert.deepEqual(names, ['a', 'άλφα', '']);
    const wire = Buffer.byteLength(WATCH_BODY);
    assert.ok(wire > WATCH_BODY.length, 'the body has multi-byte characters');
    assert.deepEqual(client.watchTraffic.snapshot(), [
      { group: '', resource: 'configmaps', bytes: wire, events: 3, watches: 1 },
    ]);

    for await (const ev of client.watch(apps, { namespace: 'argocd' })) void ev;
    for await (const ev of client.watch(cms, {})) void ev;
    const [cm, app] = client.watchTraffic.snapshot();
    assert.deepEqual(cm, { group: '', resource: 'configmaps', bytes: 2 * wire, events: 6, watches: 2 });
    assert.deepEqual(app, {
      group: 'argoproj.io',
      resource: 'applications',
      bytes: wire,
      events: 3,
      watches: 1,
    });
  });

  it('does not count a watch the server refused (410), only what streamed', async () => {
    const before = client.watchTraffic.snapshot().find((t) => t.resource === 'configmaps');
    await assert.rejects(async () => {
      for await (const ev of client.watch(cms, { resourceVersion: 'old' })) void ev;
    }, isGone);
    assert.deepEqual(
      client.watchTraffic.snapshot().find((t) => t.resource === 'configmaps'),
      before,
    );
  });

  it('keeps one tally a type, handed out to each watch, and snapshots copies', () => {
    const traffic = new WatchTraffic();
    const t = traffic.tally('apps', 'deployments');
    assert.equal(traffic.tally('apps', 'deployments'), t);
    t.bytes += 10;
    const snap = traffic.snapshot();
    t.bytes += 5;
    assert.deepEqual(snap, [{ group: 'apps', resource: 'deployments', bytes: 10, events: 0, watches: 0 }]);
    assert.notEqual(traffic.tally('', 'deployments'), t, 'the core group is another type');
  });
});
