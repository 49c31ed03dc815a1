// Remote commands: the global --server/--auth-token/--context flags, the API client they select, and API errors as one line + hint.
import { InvalidArgumentError, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { AbortError, formatError } from '../common/errors.js';
import { KubeConnectionError } from '../kube/api-error.js';
import { ApiClient, ApiClientError, type ClientTls } from '../server/api-client.js';
import { configPath, readConfig, resolveTarget, type TargetFlags } from './context-store.js';
import { EXIT } from './output.js';

/** A mistake in how the command was called (exit 2), found after commander's own checks. */
export class UsageError extends AbortError {}

export interface RemoteFlags extends TargetFlags {
  output?: string;
}

/** Adds the flags every command that talks to a server takes. */
export function withRemote(cmd: Command): Command {
  return cmd
    .option('--server <url>', 'Driftless API server (env DRIFTLESS_SERVER; default: the current context)')
    .option('--auth-token <token>', 'bearer token (env DRIFTLESS_AUTH_TOKEN)')
    .option('--context <name>', 'login context to use (see: driftless context)')
    .option('--insecure', "do not verify the server's TLS certificate")
    .option('--plaintext', 'use http:// when --server has no scheme')
    .option('--server-crt <file>', "PEM file of the server's certificate or CA, to trust");
}

/** The TLS trust of --server-crt / --insecure (or what the login context saved). */
export function clientTls(opts: {
  insecure?: boolean | undefined;
  serverCrt?: string | undefined;
}): ClientTls {
  if (!opts.serverCrt) return { insecure: opts.insecure };
  try {
    return { insecure: opts.insecure, ca: readFileSync(opts.serverCrt) };
  } catch (e) {
    throw new UsageError(`cannot read --server-crt ${opts.serverCrt}: ${(e as Error).message}`, {
      hint: "pass the PEM file of the server's certificate (or of the CA that signed it)",
    });
  }
}

export function clientFor(flags: TargetFlags, env: NodeJS.ProcessEnv = process.env): ApiClient {
  const target = resolveTarget(flags, env, readConfig(configPath(env)));
  const client = new ApiClient(target.server, target.token, clientTls(target));
  const { refreshToken, contextName } = target;
  // An SSO session renews itself; the module loads only then (most commands never need it).
  if (refreshToken && contextName)
    client.renewSession = async () => {
      const { renewSsoSession } = await import('./sso-renew.js');
      return renewSsoSession({ ...target, refreshToken, contextName }, env);
    };
  return client;
}

/** What to tell a person for each HTTP status the API answers with. */
export function hintForStatus(status: number, serverHint?: string): string | undefined {
  if (serverHint) return serverHint;
  if (status === 401) return 'your session has expired or the token is wrong: run: driftless login <server>';
  if (status === 403)
    return 'ask an administrator for the permission (check with: driftless account can-i <action> <resource> <object>)';
  if (status === 404) return 'check the name (list with: driftless app list)';
  if (status === 429) return 'too many attempts: wait a few minutes and retry';
  return undefined;
}

/** Turns API and network failures into errors a person can act on; others pass through. */
export function explain(e: unknown): unknown {
  if (e instanceof ApiClientError)
    return new AbortError(e.message, { hint: hintForStatus(e.status, e.hint), cause: e });
  if (e instanceof KubeConnectionError) {
    const code = (e.cause as { code?: string } | undefined)?.code ?? '';
    // A TLS hello answered in plain HTTP (`driftless server --insecure`): OpenSSL's record error says little.
    if (code === 'EPROTO' && /wrong version number|packet length too long/i.test(e.message))
      return new AbortError(
        `cannot reach the Driftless server over TLS: ${e.message.split(': ')[0] ?? ''} answered in plain HTTP`,
        {
          hint: 'the server runs without TLS (--insecure): pass --plaintext, or give an http:// URL',
          cause: e,
        },
      );
    const tls = /CERT|TLS|SSL|SELF_SIGNED/.test(code);
    return new AbortError(`cannot reach the Driftless server: ${e.message}`, {
      hint: tls
        ? "the server's certificate is not trusted: pass --server-crt <its certificate or CA>, or --insecure"
        : 'check the address (--server or driftless login) and that `driftless server` is running',
      cause: e,
    });
  }
  if (e instanceof SyntaxError)
    return new AbortError(`the server's answer is not JSON: ${e.message}`, {
      hint: 'check --server points at a Driftless (or Argo CD) API, and --plaintext for http',
    });
  return e;
}

/** The exit code for a failure: usage mistakes 2; anything else 1, or `errorCode` for commands such as diff. */
export function exitCodeFor(e: unknown, errorCode: number = EXIT.failure): number {
  if (e instanceof UsageError) return EXIT.usage;
  return errorCode;
}

/** Like output.ts's `action`, for remote commands: API errors become one line + hint. */
export function remoteAction<A extends unknown[]>(
  fn: (...args: A) => Promise<number | void>,
  opts: { errorCode?: number } = {},
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      process.exitCode = (await fn(...args)) ?? EXIT.ok;
    } catch (raw) {
      const e = explain(raw);
      process.stderr.write(formatError(e, { verbose: process.env.DRIFTLESS_DEBUG === '1' }) + '\n');
      process.exitCode = exitCodeFor(e, opts.errorCode);
    }
  };
}

/** Parses `--flag=true|false` (and a bare `--flag`) for options that default to true. */
export function parseBool(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError(`expected true or false, got "${value}"`);
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses a whole number of seconds (0 = no limit) into milliseconds. */
export function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError(`expected a number of seconds, got "${value}"`);
  return n * 1000;
}
