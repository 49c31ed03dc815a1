// Tests of exit-code mapping and of API failures turned into one line + hint.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeConnectionError } from '../kube/api-error.js';
import { AbortError, formatError } from '../common/errors.js';
import { ApiClientError } from '../server/api-client.js';
import { exitCodeFor, explain, hintForStatus, parseBool, UsageError } from './context-client.js';

test('usage mistakes exit 2, other failures 1 (or the command’s own error code)', () => {
  assert.equal(exitCodeFor(new UsageError('bad flag')), 2);
  assert.equal(exitCodeFor(new AbortError('no')), 1);
  assert.equal(exitCodeFor(new AbortError('no'), 2), 2);
  assert.equal(exitCodeFor(new UsageError('bad'), 2), 2);
});

test('a 403 becomes one line and a hint, not a stack', () => {
  const e = explain(new ApiClientError(403, 'permission denied: applications, sync, default/guestbook'));
  const text = formatError(e);
  assert.equal(text.split('\n').length, 2);
  assert.match(
    text,
    /^error: permission denied: applications, sync, default\/guestbook\nhint: ask an administrator/,
  );
});

test('the server’s own hint wins; 401 points at login', () => {
  assert.equal(hintForStatus(409, 'fix the source, then retry'), 'fix the source, then retry');
  assert.match(hintForStatus(401) ?? '', /driftless login/);
  assert.equal(hintForStatus(500), undefined);
});

test('an unreachable server is an AbortError naming what to check', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  const e = explain(
    new KubeConnectionError(`GET https://127.0.0.1:1/api: ${refused.message}`, { cause: refused }),
  );
  assert.ok(e instanceof AbortError);
  assert.match((e as AbortError).message, /ECONNREFUSED/);
  assert.match((e as AbortError).hint ?? '', /driftless server/);
});

test('an untrusted certificate hints at --server-crt and --insecure', () => {
  const cause = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  const e = explain(
    new KubeConnectionError('GET https://localhost:8080/api: self-signed certificate', { cause }),
  );
  assert.match((e as AbortError).hint ?? '', /--server-crt .*--insecure/);
});

test('a TLS client meeting a plain HTTP server is told to use --plaintext, without OpenSSL internals', () => {
  const record =
    'write EPROTO 808C499DE57F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:';
  const cause = Object.assign(new Error(record), { code: 'EPROTO' });
  const e = explain(
    new KubeConnectionError(`POST https://127.0.0.1:8080/api/v1/session: ${record}`, { cause }),
  );
  assert.ok(e instanceof AbortError);
  assert.equal(
    e.message,
    'cannot reach the Driftless server over TLS: POST https://127.0.0.1:8080/api/v1/session answered in plain HTTP',
  );
  assert.match(e.hint ?? '', /--plaintext/);
});

test('parseBool takes a bare flag, true and false', () => {
  assert.equal(parseBool(undefined), true);
  assert.equal(parseBool('false'), false);
  assert.throws(() => parseBool('maybe'), /expected true or false/);
});
