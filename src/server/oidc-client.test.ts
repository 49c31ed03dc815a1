// ID token verification across a key rotation: a token signed with a key published just after the
// verifier read the provider's keys is accepted once the keys are read again, and a flood of tokens
// naming unknown keys reads them once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { ManualTimers } from '../common/timers.js';
import { IdTokenVerifier, type ProviderMetadata } from './oidc-client.js';

const ISSUER = 'https://idp.example';
const META: ProviderMetadata = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/auth`,
  token_endpoint: `${ISSUER}/token`,
  jwks_uri: `${ISSUER}/jwks`,
};

async function key(kid: string): Promise<{ kid: string; privateKey: CryptoKey; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

const sign = (k: { kid: string; privateKey: CryptoKey }) =>
  new SignJWT({ sub: 'rita' })
    .setProtectedHeader({ alg: 'RS256', kid: k.kid })
    .setIssuer(ISSUER)
    .setAudience('driftless')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(k.privateKey);

/** Resolves once `timers` holds a pending timer (the verifier is waiting out the cooldown). */
async function untilWaiting(timers: ManualTimers): Promise<void> {
  for (let i = 0; i < 1000 && timers.pendingCount === 0; i++) await new Promise(setImmediate);
  assert.ok(timers.pendingCount > 0, 'the verifier waits for the cooldown');
}

test('a token signed with a key published right after the keys were read is accepted after one re-read', async () => {
  const [a, b] = [await key('a'), await key('b')];
  let published = [a.publicJwk];
  let reads = 0;
  const get = () => {
    reads++;
    return Promise.resolve(Response.json({ keys: published }));
  };
  const timers = new ManualTimers();
  const verifier = new IdTokenVerifier(META, Date.now, get, timers);
  const want = { audiences: ['driftless'] };
  assert.equal((await verifier.verify(await sign(a), want)).ok, true);
  assert.equal(reads, 1);

  published = [b.publicJwk, a.publicJwk]; // the provider rotates
  const tokens = await Promise.all([sign(b), sign(b), sign(b)]);
  const checks = Promise.all(tokens.map((t) => verifier.verify(t, want)));
  await untilWaiting(timers);
  timers.advance(1_000);
  assert.deepEqual(
    (await checks).map((c) => c.ok),
    [true, true, true],
  );
  assert.equal(reads, 2, 'three waiting tokens, one re-read');

  const forged = await key('z');
  const refused = verifier.verify(await sign(forged), want);
  await untilWaiting(timers);
  timers.advance(1_000);
  assert.deepEqual(await refused, {
    ok: false,
    reason: 'the ID token is signed by a key the issuer does not publish',
  });
  assert.equal(reads, 3);
});
