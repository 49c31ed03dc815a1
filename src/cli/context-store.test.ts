// Tests of the contexts file (in a temp XDG dir) and of choosing the server and token.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  configPath,
  normalizeServer,
  parseConfig,
  readConfig,
  resolveTarget,
  useContext,
  withContext,
  withoutToken,
  withSession,
  writeConfig,
} from './context-store.js';

const tempXdg = () => ({ XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'driftless-ctx-')) });

test('configPath follows XDG_CONFIG_HOME, else ~/.config', () => {
  assert.equal(configPath({ XDG_CONFIG_HOME: '/x' }), '/x/driftless/config.json');
  assert.equal(configPath({ HOME: '/home/u' }), '/home/u/.config/driftless/config.json');
});

test('a missing file is an empty config; written files are 0600 and read back', () => {
  const path = configPath(tempXdg());
  assert.deepEqual(readConfig(path), { contexts: {} });
  const cfg = withContext(readConfig(path), 'local', {
    server: 'http://127.0.0.1:8080',
    token: 't1',
    user: 'admin',
  });
  writeConfig(path, cfg);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual(readConfig(path), cfg);
  assert.equal(readConfig(path).current, 'local');
});

test('logout forgets the token but keeps the server', () => {
  const cfg = withContext({ contexts: {} }, 'a', { server: 'https://a', token: 't', user: 'u' });
  assert.deepEqual(withoutToken(cfg, 'a').contexts.a, { server: 'https://a', user: 'u' });
  assert.throws(() => withoutToken(cfg, 'nope'), /no context named "nope"/);
  assert.throws(() => useContext(cfg, 'nope'), /no context named/);
});

test('a broken file is an error with a hint, never a crash', () => {
  const path = configPath(tempXdg());
  writeConfig(path, { contexts: {} });
  writeFileSync(path, '{not json');
  assert.throws(
    () => readConfig(path),
    (e: Error & { hint?: string }) => /not valid JSON/.test(e.message) && !!e.hint,
  );
  writeFileSync(path, JSON.stringify({ contexts: { a: { token: 'x' } } }));
  assert.throws(() => readConfig(path), /not a driftless config/);
  assert.match(readFileSync(path, 'utf8'), /token/);
});

test('resolveTarget: flags beat env beat the current context; missing login has the login hint', () => {
  const cfg = withContext(withContext({ contexts: {} }, 'a', { server: 'https://a', token: 'ta' }), 'b', {
    server: 'https://b',
    token: 'tb',
  });
  assert.deepEqual(resolveTarget({}, {}, cfg), { server: 'https://b', token: 'tb', contextName: 'b' });
  assert.deepEqual(resolveTarget({ context: 'a' }, {}, cfg), {
    server: 'https://a',
    token: 'ta',
    contextName: 'a',
  });
  assert.deepEqual(resolveTarget({}, { DRIFTLESS_SERVER: 'http://e', DRIFTLESS_AUTH_TOKEN: 'te' }, cfg), {
    server: 'http://e',
    token: 'te',
  });
  assert.equal(resolveTarget({ authToken: 'tf' }, { DRIFTLESS_AUTH_TOKEN: 'te' }, cfg).token, 'tf');
  assert.throws(
    () => resolveTarget({}, {}, { contexts: {} }),
    (e: Error & { hint?: string }) =>
      e.message === 'not logged in to any Driftless server' && e.hint === 'run: driftless login <server>',
  );
  // A server given without a token does not borrow another server's token.
  assert.throws(
    () => resolveTarget({ server: 'https://other' }, {}, cfg),
    /not logged in to https:\/\/other/,
  );
});

test('normalizeServer adds https, or http with --plaintext, and keeps a scheme', () => {
  assert.equal(normalizeServer('127.0.0.1:8080', true), 'http://127.0.0.1:8080');
  assert.equal(normalizeServer('cd.example.com', false), 'https://cd.example.com');
  assert.equal(normalizeServer('http://h:1/', false), 'http://h:1');
});

test('resolveTarget: TLS trust comes from the flags, else from the login context of that server', () => {
  const cfg = withContext({ contexts: {} }, 'tls', {
    server: 'https://argocd.example:443',
    token: 't',
    insecure: true,
    serverCrt: '/etc/ca.pem',
  });
  assert.deepEqual(resolveTarget({}, {}, cfg), {
    server: 'https://argocd.example:443',
    token: 't',
    contextName: 'tls',
    insecure: true,
    serverCrt: '/etc/ca.pem',
  });
  const other = resolveTarget({ server: 'other:8080', authToken: 'x', plaintext: true }, {}, cfg);
  assert.deepEqual(other, { server: 'http://other:8080', token: 'x' });
});

test('parseConfig names what is wrong and keeps only the keys it knows', () => {
  assert.equal(parseConfig([]), 'expected an object');
  assert.equal(parseConfig({ current: 3 }), 'current: expected a string');
  assert.equal(
    parseConfig({ contexts: { a: { server: '' } } }),
    'contexts.a.server: expected a non-empty string',
  );
  assert.equal(
    parseConfig({ contexts: { a: { server: 's', token: 1 } } }),
    'contexts.a.token: expected a string',
  );
  assert.equal(
    parseConfig({ contexts: { a: { server: 's', insecure: 'yes' } } }),
    'contexts.a.insecure: expected true or false',
  );
  assert.deepEqual(
    parseConfig({ current: 'a', contexts: { a: { server: 's', insecure: true, extra: 1 } } }),
    {
      current: 'a',
      contexts: { a: { server: 's', insecure: true } },
    },
  );
  assert.deepEqual(parseConfig({}), { contexts: {} });
});

test('an SSO context keeps its refresh token for its own token only; a renewal replaces both; logout forgets both', () => {
  const server = 'https://cd.example.com';
  const config = withContext({ contexts: {} }, 'sso', { server, token: 't1', refreshToken: 'r1' });
  assert.deepEqual(parseConfig(JSON.parse(JSON.stringify(config))), config);
  assert.equal(resolveTarget({}, {}, config).refreshToken, 'r1');
  // A token from a flag or the environment is not the context's session: nothing to renew.
  assert.equal(resolveTarget({ authToken: 'other' }, {}, config).refreshToken, undefined);
  assert.equal(resolveTarget({}, { DRIFTLESS_AUTH_TOKEN: 'env' }, config).refreshToken, undefined);
  const renewed = withSession(config, 'sso', { token: 't2', refreshToken: 'r2' });
  assert.deepEqual(renewed.contexts.sso, { server, token: 't2', refreshToken: 'r2' });
  assert.deepEqual(withoutToken(renewed, 'sso').contexts.sso, { server });
  assert.equal(
    parseConfig({ contexts: { a: { server, refreshToken: 1 } } }),
    'contexts.a.refreshToken: expected a string',
  );
});
