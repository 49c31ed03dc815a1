// Renewing a `login --sso` session from the refresh token kept in the context (as Argo CD's CLI does with
// `refresh-token`): the provider's token endpoint (trusting oidc.config rootCA), then the server's session.
import { AbortError } from '../common/errors.js';
import { ApiClient } from '../server/api-client.js';
import { issuerFetch } from '../server/issuer-fetch.js';
import { discover, refreshTokens, revokeToken, TokenRefused } from '../server/oidc-client.js';
import { clientTls } from './context-client.js';
import { configPath, readConfig, withoutToken, withSession, writeConfig } from './context-store.js';

export interface RenewTarget {
  server: string;
  contextName: string;
  refreshToken: string;
  insecure?: boolean | undefined;
  serverCrt?: string | undefined;
}

/** The server's SSO provider as the CLI reaches it: its metadata, client and the trust for its issuer. */
async function providerFor(client: ApiClient) {
  const { oidcConfig } = await client.settings();
  if (!oidcConfig) return undefined;
  const get = issuerFetch(oidcConfig.rootCA);
  const meta = await discover(oidcConfig.issuer, undefined, get);
  return { meta, get, clientID: oidcConfig.cliClientID ?? oidcConfig.clientID };
}

/** A new session token for the context; a refused refresh token forgets the session and says to log in. */
export async function renewSsoSession(t: RenewTarget, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const again = `log in again: driftless login ${t.server} --sso`;
  const anon = new ApiClient(t.server, undefined, clientTls(t));
  try {
    const provider = await providerFor(anon);
    if (!provider)
      throw new AbortError('your SSO session cannot be renewed: the server no longer offers SSO', {
        hint: `log in again: driftless login ${t.server}`,
      });
    const { meta, get, clientID } = provider;
    const tokens = await refreshTokens(meta, { clientID, refreshToken: t.refreshToken }, get).catch(
      (e: unknown) => {
        if (!(e instanceof TokenRefused)) throw e;
        const path = configPath(env);
        writeConfig(path, withoutToken(readConfig(path), t.contextName));
        throw new AbortError(`your SSO session has ended: ${e.message}`, { hint: again, cause: e });
      },
    );
    const token = await anon.loginWithIdToken(tokens.idToken, { refreshable: true });
    const path = configPath(env);
    const refreshToken = tokens.refreshToken ?? t.refreshToken;
    writeConfig(path, withSession(readConfig(path), t.contextName, { token, refreshToken }));
    return token;
  } finally {
    anon.close();
  }
}

/** At logout: ends the provider's grant too (best effort; the context forgets the tokens either way). */
export async function revokeSsoRefresh(t: RenewTarget): Promise<void> {
  const anon = new ApiClient(t.server, undefined, clientTls(t));
  try {
    const provider = await providerFor(anon);
    if (provider)
      await revokeToken(provider.meta, { clientID: provider.clientID }, t.refreshToken, provider.get);
  } finally {
    anon.close();
  }
}
