// The tests' OpenID provider: the certified npm `oidc-provider` on loopback with its development login
// and consent forms, any login name accepted (groups from the test), and keys the test can rotate.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import Provider from 'oidc-provider';

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateJwk: JWK;
  privateKey: CryptoKey;
}

export interface TestOp {
  issuer: string;
  /** Kids as the provider publishes them, the signing key first. */
  kids(): string[];
  /** Publishes a new RS256 key first (signing with it from now on), keeping the old ones. */
  rotate(): Promise<void>;
  /** Signs claims with the provider's current RS256 key, as it would sign an ID token. */
  sign(claims: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

async function newKey(alg: 'RS256' | 'ES256'): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${alg.toLowerCase()}-${randomBytes(4).toString('hex')}`;
  return { kid, alg, privateKey, privateJwk: { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' } };
}

export async function startTestOp(opts: {
  /** The server's confidential client (client_secret_basic, PKCE). */
  client: { id: string; secret: string; redirectUri: string; postLogoutUri: string };
  /** The CLI's public native client (any loopback port), ID tokens signed ES256. */
  cliClientId: string;
  groupsOf: (login: string) => string[];
  /** Serve HTTPS with this pair (a provider behind a private CA: oidc.config rootCA). */
  tls?: { cert: string; key: string };
  /** Lifetime of ID tokens (default one hour): short to prove sessions are renewed. */
  idTokenTtlSec?: number;
  /** Honour the `claims` request parameter (OIDC Core 5.5): claims asked for by name, whatever the scopes. */
  claimsParameter?: boolean;
}): Promise<TestOp> {
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, r) =>
    r.writeHead(503).end();
  const server = opts.tls
    ? https.createServer(opts.tls, (req, res) => handler(req, res))
    : http.createServer((req, res) => handler(req, res));
  // Idle connections stay open longer than a slow test step, so the test's client never races their close.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const keys = [await newKey('RS256'), await newKey('ES256')];
  const cookieKeys = [randomBytes(16).toString('hex')];
  const build = () => {
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: opts.client.id,
          client_secret: opts.client.secret,
          redirect_uris: [opts.client.redirectUri],
          post_logout_redirect_uris: [opts.client.postLogoutUri],
          grant_types: ['authorization_code', 'refresh_token'],
        },
        {
          client_id: opts.cliClientId,
          application_type: 'native',
          token_endpoint_auth_method: 'none',
          redirect_uris: ['http://127.0.0.1/auth/callback'],
          id_token_signed_response_alg: 'ES256',
          grant_types: ['authorization_code', 'refresh_token'],
        },
      ],
      jwks: { keys: keys.map((k) => k.privateJwk) },
      cookies: { keys: cookieKeys },
      scopes: ['openid', 'email', 'groups', 'offline_access'],
      claims: { email: ['email'], groups: ['groups'] },
      // The ID token carries the granted scopes' claims (as Argo CD expects of the groups claim).
      conformIdTokenClaims: false,
      ttl: {
        Interaction: 600,
        Session: 3600,
        Grant: 3600,
        AccessToken: 600,
        IdToken: opts.idTokenTtlSec ?? 3600,
        RefreshToken: 3600,
      },
      // Revocation (RFC 7009): a user or an admin ends a grant; refresh tokens rotate for public clients.
      features: {
        devInteractions: { enabled: true },
        revocation: { enabled: true },
        claimsParameter: { enabled: opts.claimsParameter === true },
      },
      findAccount: (_ctx: unknown, id: string) => ({
        accountId: id,
        claims: () => ({ sub: id, email: `${id}@example.test`, groups: opts.groupsOf(id) }),
      }),
    });
    handler = provider.callback();
  };
  build();
  const current = (alg: string) => keys.find((k) => k.alg === alg) as SigningKey;
  return {
    issuer,
    kids: () => keys.map((k) => k.kid),
    async rotate() {
      keys.unshift(await newKey('RS256'));
      build();
    },
    async sign(claims) {
      const k = current('RS256');
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: k.kid }).sign(k.privateKey);
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One request over HTTPS trusting `ca` only, redirects not followed (a browser that trusts that CA). */
function fetchWithCa(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string },
  ca: string,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method, headers: init.headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers))
          for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) headers.append(k, one);
        const status = res.statusCode ?? 502;
        resolve(
          new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }),
        );
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A browser as far as a login needs one: a cookie jar per host, redirects followed, forms submitted. */
export class BrowserAgent {
  private readonly jar = new Map<string, Map<string, string>>();

  /** `ca`: the PEM this browser trusts for https:// sites (a provider behind a private CA). */
  constructor(private readonly opts: { ca?: string } = {}) {}

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).hostname)?.get(name);
  }

  async request(url: URL, init: { method?: string; form?: URLSearchParams } = {}): Promise<Response> {
    const cookies = [...(this.jar.get(url.hostname) ?? new Map<string, string>())].map(
      ([k, v]) => `${k}=${v}`,
    );
    const request = {
      method: init.method ?? 'GET',
      headers: {
        ...(cookies.length ? { Cookie: cookies.join('; ') } : {}),
        ...(init.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: init.form.toString() } : {}),
    };
    const send = () =>
      this.opts.ca && url.protocol === 'https:'
        ? fetchWithCa(url, request, this.opts.ca)
        : fetch(url, { ...request, redirect: 'manual' });
    // A kept-alive connection the server closed as the request left is reset before it was read: resend.
    const res = await send().catch((e: Error & { cause?: { code?: string } }) => {
      if (e.cause?.code !== 'ECONNRESET') throw e;
      return send();
    });
    const jar = this.jar.get(url.hostname) ?? new Map<string, string>();
    this.jar.set(url.hostname, jar);
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some((a) => /^\s*max-age=0$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || pair.slice(eq + 1) === '') jar.delete(name);
      else jar.set(name, pair.slice(eq + 1));
    }
    return res;
  }

  /**
   * Follows redirects from `start`, signing in as `login` on the provider's login form and accepting its
   * consent form, until the next location satisfies `stop`; returns that location (not fetched).
   */
  async signIn(start: string, login: string, stop: (next: URL) => boolean): Promise<URL> {
    let url = new URL(start);
    let res = await this.request(url);
    for (let step = 0; step < 20; step++) {
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, url);
        if (stop(next)) return next;
        url = next;
        res = await this.request(url);
        continue;
      }
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html)?.[1];
      if (res.status !== 200 || !action)
        throw new Error(`unexpected answer ${res.status} at ${url.href}: ${html.slice(0, 400)}`);
      const form = new URLSearchParams();
      for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
        form.set(m[1] ?? '', m[2] ?? '');
      if (/name="login"/.test(html)) {
        form.set('login', login);
        form.set('password', 'any');
      }
      url = new URL(action.replaceAll('&amp;', '&'), url);
      res = await this.request(url, { method: 'POST', form });
    }
    throw new Error(`the login from ${start} did not finish in 20 steps`);
  }
}
