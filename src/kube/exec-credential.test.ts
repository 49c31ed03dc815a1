// Exec credential plugins: the ExecCredential contract, caching until expiry, and refresh on demand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecCredentialSource, parseExecCredential, type RunPlugin } from './exec-credential.js';

const V1 = 'client.authentication.k8s.io/v1';

function plugin(outputs: string[]): { run: RunPlugin; calls: Record<string, string>[] } {
  const calls: Record<string, string>[] = [];
  const run: RunPlugin = (_cmd, _args, env) => {
    calls.push(env);
    const stdout = outputs[Math.min(calls.length - 1, outputs.length - 1)] ?? '';
    return Promise.resolve({ stdout, stderr: '', exitCode: 0 });
  };
  return { run, calls };
}

const cred = (token: string, expires?: string): string =>
  JSON.stringify({
    apiVersion: V1,
    kind: 'ExecCredential',
    status: { token, ...(expires ? { expirationTimestamp: expires } : {}) },
  });

test('runs the plugin once and caches the token until shortly before it expires', async () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const p = plugin([cred('t1', '2026-01-01T00:01:00Z'), cred('t2')]);
  const src = new ExecCredentialSource(
    { command: 'get-token', env: { A: '1' } },
    { run: p.run, now: () => now },
  );
  assert.equal((await src.get()).token, 't1');
  assert.equal((await src.get()).token, 't1');
  assert.equal(p.calls.length, 1);
  assert.equal(p.calls[0]?.['A'], '1');
  assert.deepEqual(JSON.parse(p.calls[0]?.['KUBERNETES_EXEC_INFO'] ?? ''), {
    apiVersion: V1,
    kind: 'ExecCredential',
    spec: { interactive: false },
  });
  now += 55_000; // within the refresh margin of the expiry
  assert.equal((await src.get()).token, 't2');
  assert.equal(p.calls.length, 2);
  assert.equal((await src.get()).token, 't2'); // no expiry: kept
  src.invalidate(); // a 401
  await src.get();
  assert.equal(p.calls.length, 3);
});

test('concurrent first requests share one plugin run', async () => {
  const p = plugin([cred('t')]);
  const src = new ExecCredentialSource({ command: 'c' }, { run: p.run });
  await Promise.all([src.get(), src.get(), src.get()]);
  assert.equal(p.calls.length, 1);
});

test('a failing plugin is an error naming it, with its install hint', async () => {
  const run: RunPlugin = () => Promise.resolve({ stdout: '', stderr: 'no credentials\n', exitCode: 3 });
  const src = new ExecCredentialSource({ command: 'aws', installHint: 'install the AWS CLI' }, { run });
  await assert.rejects(src.get(), (e: Error & { hint?: string }) => {
    assert.match(e.message, /exec plugin aws exited with 3: no credentials/);
    assert.equal(e.hint, 'install the AWS CLI');
    return true;
  });
});

test('ExecCredential parsing: certificates, wrong shapes', () => {
  const out = parseExecCredential(
    JSON.stringify({
      apiVersion: V1,
      kind: 'ExecCredential',
      status: { clientCertificateData: 'C', clientKeyData: 'K' },
    }),
    V1,
    'p',
  );
  assert.deepEqual(out, { clientCertificateData: 'C', clientKeyData: 'K' });
  const bad: [string, RegExp][] = [
    ['nope', /did not print JSON/],
    ['{}', /no ExecCredential/],
    [JSON.stringify({ apiVersion: 'x', kind: 'ExecCredential', status: {} }), /answered apiVersion x/],
    [JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status: {} }), /neither a token nor/],
    [JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status: { clientKeyData: 'K' } }), /not both/],
    [
      JSON.stringify({
        apiVersion: V1,
        kind: 'ExecCredential',
        status: { token: 't', expirationTimestamp: 'x' },
      }),
      /not a time/,
    ],
  ];
  for (const [text, re] of bad) assert.throws(() => parseExecCredential(text, V1, 'p'), re);
});
