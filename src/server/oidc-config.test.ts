// SSO settings on plain objects: oidc.config parsing, secret references, scopes and claims → RBAC subjects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RbacEnforcer } from '../policy/rbac-enforcer.js';
import {
  expandLogoutUrl,
  parseOidcSettings,
  rbacScopes,
  resolveSecretRef,
  subjectsFromClaims,
} from './oidc-config.js';
import { authenticate, issueToken } from './auth.js';
import { parseSettings } from './settings.js';

const CONFIG = `name: Okta
issuer: https://idp.example.com/
clientID: driftless
clientSecret: $oidc.okta.clientSecret
requestedScopes: ["profile", "email", "groups"]
requestedIDTokenClaims: {"groups": {"essential": true}}
logoutURL: https://idp.example.com/logout?id_token_hint={{token}}&post_logout_redirect_uri={{logoutRedirectURL}}
`;

test('oidc.config is read as Argo CD writes it; openid is always requested; the secret stays a reference', () => {
  const s = parseOidcSettings({ url: 'https://cd.example.com/', 'oidc.config': CONFIG });
  assert.equal(s.kind, 'on');
  if (s.kind !== 'on') return;
  assert.deepEqual(s.config, {
    name: 'Okta',
    issuer: 'https://idp.example.com',
    clientID: 'driftless',
    clientSecret: '$oidc.okta.clientSecret',
    cliClientID: undefined,
    requestedScopes: ['openid', 'profile', 'email', 'groups'],
    requestedIDTokenClaims: { groups: { essential: true } },
    logoutURL:
      'https://idp.example.com/logout?id_token_hint={{token}}&post_logout_redirect_uri={{logoutRedirectURL}}',
    url: 'https://cd.example.com',
    rootCA: undefined,
  });
});

test('rootCA must be a PEM certificate; a broken one makes SSO invalid, naming the field', () => {
  const bad = parseOidcSettings({
    url: 'https://cd.example.com',
    'oidc.config': `${CONFIG}rootCA: "-----BEGIN CERTIFICATE-----\\nnot base64\\n-----END CERTIFICATE-----"\n`,
  });
  assert.equal(bad.kind, 'invalid');
  assert.match(bad.kind === 'invalid' ? bad.reason : '', /rootCA is not a PEM certificate/);
});

test('no oidc.config is off; a broken one says what to fix', () => {
  assert.deepEqual(parseOidcSettings({}), { kind: 'off' });
  const cases: [Record<string, string>, RegExp][] = [
    [{ url: 'https://cd', 'oidc.config': 'name: [' }, /not YAML/],
    [{ url: 'https://cd', 'oidc.config': 'issuer: https://idp' }, /clientID/],
    [{ url: 'https://cd', 'oidc.config': 'issuer: not a url\nclientID: x' }, /issuer/],
    [{ 'oidc.config': 'issuer: https://idp\nclientID: x' }, /no url: set url/],
  ];
  for (const [cm, reason] of cases) {
    const s = parseOidcSettings(cm);
    assert.equal(s.kind, 'invalid');
    if (s.kind === 'invalid') assert.match(s.reason, reason);
  }
});

test('$key reads argocd-secret, $name:key another Secret; errors name the reference, never a value', () => {
  const secrets: Record<string, Record<string, string>> = {
    'argocd-secret': { 'oidc.okta.clientSecret': 's3cret\n' },
    'sso-client': { clientSecret: 'other-s3cret' },
  };
  const lookup = (n: string) => secrets[n];
  assert.deepEqual(resolveSecretRef('$oidc.okta.clientSecret', lookup), { ok: true, value: 's3cret' });
  assert.deepEqual(resolveSecretRef('$sso-client:clientSecret', lookup), { ok: true, value: 'other-s3cret' });
  assert.deepEqual(resolveSecretRef('literal', lookup), { ok: true, value: 'literal' });
  const missing = resolveSecretRef('$sso-client:nope', lookup);
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.match(missing.reason, /Secret sso-client has no key "nope"/);
  const absent = resolveSecretRef('$gone:key', lookup);
  assert.equal(absent.ok, false);
  if (!absent.ok) assert.ok(!absent.reason.includes('s3cret'));
});

test('scopes of argocd-rbac-cm: default [groups], a YAML-ish list otherwise', () => {
  assert.deepEqual(rbacScopes({}), ['groups']);
  assert.deepEqual(rbacScopes({ scopes: '[groups, email]' }), ['groups', 'email']);
  assert.deepEqual(rbacScopes({ scopes: '["cognito:groups", "email"]' }), ['cognito:groups', 'email']);
  assert.deepEqual(rbacScopes({ scopes: '[]' }), ['groups']);
});

test('claims → subjects: strings and lists of the scope claims, deduplicated; other claims ignored', () => {
  const claims = { sub: 'u1', groups: ['viewers', 'ops', 'viewers', 7], email: 'a@b.c', name: 'A' };
  assert.deepEqual(subjectsFromClaims(claims, ['groups']), ['viewers', 'ops']);
  assert.deepEqual(subjectsFromClaims(claims, ['groups', 'email']), ['viewers', 'ops', 'a@b.c']);
  assert.deepEqual(subjectsFromClaims(claims, ['missing']), []);
});

test('a group mapped by g, viewers, role:readonly may get but not sync; a local account name is never a subject', () => {
  const key = Buffer.from('k'.repeat(32));
  const settings = parseSettings(
    { url: 'https://cd', 'oidc.config': 'issuer: https://idp\nclientID: x' },
    { 'policy.csv': 'g, viewers, role:readonly' },
    { 'server.secretkey': 'k'.repeat(32) },
  );
  const { token } = issueToken(key, 'u1', 100, {
    ttlSec: 60,
    sso: { iss: 'https://idp', email: 'u@x', groups: ['viewers', 'admin'] },
  });
  const p = authenticate(token, settings, () => undefined, 120);
  assert.ok(!(p instanceof Error));
  if (p instanceof Error) return;
  assert.equal(p.kind, 'sso');
  assert.deepEqual(p.subjects, ['u1', 'viewers'], 'the IdP group "admin" is not the local admin');
  const rbac = new RbacEnforcer(settings.rbac);
  assert.equal(rbac.enforce(p.subjects, 'applications', 'get', 'default/web').allowed, true);
  assert.equal(rbac.enforce(p.subjects, 'applications', 'sync', 'default/web').allowed, false);
  // SSO turned off (or another issuer configured): the session ends.
  const off = parseSettings({}, {}, { 'server.secretkey': 'k'.repeat(32) });
  const gone = authenticate(token, off, () => undefined, 120);
  assert.ok(gone instanceof Error && /no longer configured/.test(gone.message));
});

test('logoutURL placeholders are filled in, URL-encoded', () => {
  assert.equal(
    expandLogoutUrl('https://idp/logout?t={{token}}&r={{logoutRedirectURL}}', {
      token: 'a.b.c',
      logoutRedirectURL: 'https://cd/login?x=1',
    }),
    'https://idp/logout?t=a.b.c&r=https%3A%2F%2Fcd%2Flogin%3Fx%3D1',
  );
});
