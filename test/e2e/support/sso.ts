// SSO e2e rig: `driftless server` (startApi → runServer) with a loopback OpenID provider registered for it
// (server client `driftless`, CLI client `driftless-cli`), the argocd-cm oidc.config naming it, and the two
// logins a user does — in the browser, and `driftless login --sso` with the browser's part scripted.
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/log.js';
import { startApi, type RunningApi } from '../api-support.js';
import type { Cli, CliRun } from './cli.js';
import { BrowserAgent, startTestOp, type TestOp } from './oidc-op.js';

export interface SsoServer {
  api: RunningApi;
  op: TestOp;
  /** Every line the server logged (debug level), to prove no secret is in them. */
  logLines: string[];
  stop(): Promise<void>;
}

/** Starts the server in `namespace` (signed in as admin) and a provider whose users' groups `groupsOf` gives. */
export async function startSsoServer(opts: {
  namespace: string;
  clientSecret: string;
  groupsOf: (login: string) => string[];
  /** Serve the provider over HTTPS with this pair (oidc.config rootCA). */
  tls?: { cert: string; key: string };
  idTokenTtlSec?: number;
  /** Serve the built UI (the browser tests). */
  uiDir?: string;
  /** The provider honours the `claims` request parameter (requestedIDTokenClaims). */
  claimsParameter?: boolean;
}): Promise<SsoServer> {
  const logLines: string[] = [];
  const api = await startApi({
    namespace: opts.namespace,
    pollIntervalMs: 600_000,
    log: createLogger({ level: 'debug', write: (l) => void logLines.push(l) }),
    ...(opts.uiDir ? { uiDir: opts.uiDir } : {}),
  });
  await api.admin.login('admin', api.adminPassword);
  const op = await startTestOp({
    client: {
      id: 'driftless',
      secret: opts.clientSecret,
      redirectUri: `${api.url}/auth/callback`,
      postLogoutUri: `${api.url}/login`,
    },
    cliClientId: 'driftless-cli',
    groupsOf: opts.groupsOf,
    ...(opts.tls ? { tls: opts.tls } : {}),
    ...(opts.idTokenTtlSec !== undefined ? { idTokenTtlSec: opts.idTokenTtlSec } : {}),
    ...(opts.claimsParameter ? { claimsParameter: true } : {}),
  });
  return {
    api,
    op,
    logLines,
    stop: async () => {
      await api.stop();
      await op.close();
    },
  };
}

/** argocd-cm `oidc.config` for the rig's provider; `extra` lines are appended as written (clientSecret, rootCA …). */
export function oidcConfig(op: TestOp, name: string, scopes: string[], extra: string[] = []): string {
  return [
    `name: ${name}`,
    `issuer: ${op.issuer}`,
    'clientID: driftless',
    'cliClientID: driftless-cli',
    `requestedScopes: [${scopes.join(', ')}]`,
    ...extra,
  ].join('\n');
}

/** A browser signing in from the server's /auth/login as `login`, up to the server page it returns to. */
export async function browserSsoLogin(
  serverUrl: string,
  login: string,
  returnUrl: string,
): Promise<{ agent: BrowserAgent; landed: URL }> {
  const agent = new BrowserAgent();
  const landed = await agent.signIn(
    `${serverUrl}/auth/login?return_url=${encodeURIComponent(returnUrl)}`,
    login,
    (next) => next.origin === serverUrl && !next.pathname.startsWith('/auth/'),
  );
  return { agent, landed };
}

/**
 * `driftless login <server> --sso --name <context>` with a browser (trusting `ca` if given) signing in as
 * `login` at the URL the CLI prints; returns that URL, the CLI's loopback callback, and the CLI's run.
 */
export async function cliSsoLogin(
  cli: Cli,
  serverUrl: string,
  context: string,
  login: string,
  ca?: string,
): Promise<{ authorize: URL; callback: URL; run: CliRun }> {
  let shown: (url: string) => void = () => {};
  const urlShown = new Promise<string>((resolve) => (shown = resolve));
  const running = cli(['login', serverUrl, '--sso', '--sso-port', '0', '--name', context], {
    onStdout: (out) => {
      const m = /^(https?:\/\/\S+\/auth\?\S+)$/m.exec(out);
      if (m?.[1]) shown(m[1]);
    },
  });
  const authorize = await Promise.race([
    urlShown,
    running.then((r) => Promise.reject(new Error(`login ended early: ${r.stderr}${r.stdout}`))),
  ]);
  const agent = new BrowserAgent(ca ? { ca } : {});
  const callback = await agent.signIn(authorize, login, (next) => next.pathname === '/auth/callback');
  assert.equal((await agent.request(callback)).status, 200, 'the CLI answered its callback');
  return { authorize: new URL(authorize), callback, run: await running };
}
