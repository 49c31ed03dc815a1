// HttpsTransport against the real API server over TLS: a burst that opens many new connections parses
// the CA and client key once (one secure context per agent), and every connection still verifies the
// server and presents the client certificate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { HttpsTransport } from '../../src/kube/transport.js';
import { loadKubeconfig } from '../../src/kube/kubeconfig.js';
import { e2eKubeconfig } from '../e2e/support/cluster.js';

test('twenty requests at once open new TLS connections without building a secure context each', async () => {
  const conn = loadKubeconfig(e2eKubeconfig());
  assert.ok(conn.server.startsWith('https:'), 'the e2e cluster is served over TLS');
  const real = tls.createSecureContext;
  let built = 0;
  tls.createSecureContext = (options) => {
    built++;
    return real(options);
  };
  const t = new HttpsTransport(conn);
  try {
    const atStart = built;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => t.request({ method: 'GET', path: '/api/v1/namespaces/default' })),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      answers.map(() => 200),
      'each connection verified the server and was authenticated',
    );
    assert.equal(built - atStart, 0, 'no secure context built per connection');
  } finally {
    tls.createSecureContext = real;
    t.close();
  }
});
