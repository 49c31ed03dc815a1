// A token server for registry tests: the OCI distribution token flow's realm. It checks basic
// credentials, answers a JWT (ES256, signed with the TLS key, its certificate in `x5c`) granting the
// requested scope's actions, and counts the tokens it issued per scope. A registry started with
// `startRegistry(users, tls, { token })` verifies the tokens against the CA (its rootcertbundle).
import { createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import type { RegistryUser } from './registry.js';

export interface TokenServer {
  /** The realm the registry names in its `WWW-Authenticate: Bearer` challenge. */
  realm: string;
  service: string;
  issuer: string;
  /** Tokens issued, by scope (`repository:NAME:ACTIONS`; '' for none). */
  readonly issued: Map<string, number>;
  /** Requests refused (wrong or unknown credentials). */
  readonly refused: number;
  close(): Promise<void>;
}

/** Starts the token server on 127.0.0.1 with `tls`; tokens live `expiresInS` seconds (default 60). */
export async function startTokenServer(
  users: readonly RegistryUser[],
  tls: { cert: string; key: string },
  opts: { expiresInS?: number } = {},
): Promise<TokenServer> {
  const key = createPrivateKey(tls.key);
  const x5c = [new X509Certificate(tls.cert).raw.toString('base64')];
  const service = 'driftless-test-registry';
  const issuer = 'driftless-test-token-server';
  const issued = new Map<string, number>();
  let refused = 0;
  const expiresIn = opts.expiresInS ?? 60;
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const auth = req.headers.authorization ?? '';
      const [name, password] = auth.startsWith('Basic ')
        ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(/:(.*)/s)
        : [];
      const user = users.find((u) => u.username === name && u.password === password);
      if (auth && !user) {
        refused++;
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"UNAUTHORIZED","message":"wrong username or password"}]}');
        return;
      }
      // An anonymous request gets a token granting nothing, as public registries answer.
      const scopes = url.searchParams.getAll('scope');
      const access = user
        ? scopes.map((s) => {
            const [type, repo, actions] = s.split(':');
            return { type, name: repo, actions: (actions ?? '').split(',').filter(Boolean) };
          })
        : [];
      const scopeKey = scopes.join(' ');
      issued.set(scopeKey, (issued.get(scopeKey) ?? 0) + 1);
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ access })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', x5c })
        .setIssuer(issuer)
        .setSubject(user?.username ?? '')
        .setAudience(url.searchParams.get('service') ?? '')
        .setIssuedAt(now)
        .setNotBefore(now - 5)
        .setExpirationTime(now + expiresIn)
        .setJti(randomUUID())
        .sign(key);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token, access_token: token, expires_in: expiresIn }));
    })().catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `https://127.0.0.1:${port}/token`,
    service,
    issuer,
    issued,
    get refused() {
      return refused;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
