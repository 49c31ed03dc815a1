// The upstream probe and the mapping of upstream failures to 502/503 with the reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../common/log.js';
import { KubeApiError, KubeConnectionError } from '../model/api-error.js';
import type { ApiContext } from './api-context.js';
import { toHttpError } from './dispatch.js';
import { UpstreamProbe } from './upstream-probe.js';

test('the probe caches its answer for the interval and reports why it failed', async () => {
  let now = 0;
  let calls = 0;
  let up = false;
  const p = new UpstreamProbe(
    async () => {
      calls++;
      if (!up) throw new Error('connect ECONNREFUSED 127.0.0.1:6443');
    },
    () => now,
    { ttlMs: 1000, timeoutMs: 500 },
  );
  assert.deepEqual(await p.status(), {
    ok: false,
    reason: 'the Kubernetes API is unreachable: connect ECONNREFUSED 127.0.0.1:6443',
  });
  up = true;
  assert.equal((await p.status()).ok, false, 'cached');
  assert.equal(calls, 1);
  now = 1000;
  assert.equal((await p.status()).ok, true);
});

test('an unreachable API server is 503 with the reason; its 5xx answers are 503/502, not 500', () => {
  const api = { log: createLogger({ write: () => undefined }) } as unknown as ApiContext;
  const down = toHttpError(
    new KubeConnectionError('POST https://127.0.0.1:6443/apis/…: connect ECONNREFUSED'),
    api,
  );
  assert.equal(down.status, 503);
  assert.match(down.message, /unreachable: .*ECONNREFUSED/);
  const unavailable = toHttpError(
    KubeApiError.fromStatus('GET', '/x', 503, { reason: 'ServiceUnavailable', message: 'etcd is down' }),
    api,
  );
  assert.equal(unavailable.status, 503);
  assert.match(unavailable.message, /etcd is down/);
  const internal = toHttpError(
    KubeApiError.fromStatus('GET', '/x', 500, { reason: 'InternalError', message: 'boom' }),
    api,
  );
  assert.equal(internal.status, 502);
});
