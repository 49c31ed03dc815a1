// The login contexts file ($XDG_CONFIG_HOME/driftless/config.json, mode 0600) and choosing the server to talk to.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { AbortError } from '../common/errors.js';

export interface LoginContext {
  server: string;
  token?: string;
  /** An SSO login's refresh token (as Argo CD's `refresh-token`): the CLI renews the session with it. */
  refreshToken?: string;
  user?: string;
  /** Skip verifying the server's certificate (login --insecure). */
  insecure?: boolean;
  /** PEM file of the server's certificate or its CA (login --server-crt). */
  serverCrt?: string;
}
export interface CliConfig {
  contexts: Record<string, LoginContext>;
  current?: string;
}
export type Env = Record<string, string | undefined>;

/** Where contexts are kept: $XDG_CONFIG_HOME/driftless/config.json, else ~/.config/driftless/config.json. */
export function configPath(env: Env = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'driftless', 'config.json');
}

export function readConfig(path: string): CliConfig {
  if (!existsSync(path)) return { contexts: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AbortError(`${path} is not valid JSON`, {
      hint: `fix or remove it, then run: driftless login <server>`,
      cause: e,
    });
  }
  const parsed = parseConfig(raw);
  if (typeof parsed === 'string')
    throw new AbortError(`${path} is not a driftless config: ${parsed}`, {
      hint: 'fix or remove it, then run: driftless login <server>',
    });
  return parsed;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The config with only the keys it knows, or what is wrong with it. Checked by hand: a schema library would
 * be the largest thing every CLI command loads before it starts.
 */
export function parseConfig(raw: unknown): CliConfig | string {
  if (!isRecord(raw)) return 'expected an object';
  const config: CliConfig = { contexts: {} };
  if (raw.current !== undefined) {
    if (typeof raw.current !== 'string') return 'current: expected a string';
    config.current = raw.current;
  }
  if (raw.contexts === undefined) return config;
  if (!isRecord(raw.contexts)) return 'contexts: expected an object';
  for (const [name, c] of Object.entries(raw.contexts)) {
    if (!isRecord(c)) return `contexts.${name}: expected an object`;
    if (typeof c.server !== 'string' || c.server === '')
      return `contexts.${name}.server: expected a non-empty string`;
    const ctx: LoginContext = { server: c.server };
    for (const key of ['token', 'refreshToken', 'user', 'serverCrt'] as const) {
      const v = c[key];
      if (v === undefined) continue;
      if (typeof v !== 'string') return `contexts.${name}.${key}: expected a string`;
      ctx[key] = v;
    }
    if (c.insecure !== undefined) {
      if (typeof c.insecure !== 'boolean') return `contexts.${name}.insecure: expected true or false`;
      ctx.insecure = c.insecure;
    }
    config.contexts[name] = ctx;
  }
  return config;
}

/** Writes atomically with mode 0600 (the file holds tokens); the directory is 0700. */
export function writeConfig(path: string, config: CliConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export function withContext(config: CliConfig, name: string, ctx: LoginContext): CliConfig {
  return { contexts: { ...config.contexts, [name]: ctx }, current: name };
}

/** Forgets the token of a context (the server stays, so `login` can reuse the name). */
export function withoutToken(config: CliConfig, name: string): CliConfig {
  const ctx = config.contexts[name];
  if (!ctx) throw new AbortError(`no context named "${name}"`, { hint: 'list them with: driftless context' });
  const { token: _t, refreshToken: _r, ...rest } = ctx;
  return { ...config, contexts: { ...config.contexts, [name]: rest } };
}

/** The context with a renewed SSO session (another process may have renewed it meanwhile: last one wins). */
export function withSession(
  config: CliConfig,
  name: string,
  session: { token: string; refreshToken?: string | undefined },
): CliConfig {
  const ctx = config.contexts[name];
  if (!ctx) return config;
  const { refreshToken: _r, ...rest } = ctx;
  const next: LoginContext = {
    ...rest,
    token: session.token,
    ...(session.refreshToken ? { refreshToken: session.refreshToken } : {}),
  };
  return { ...config, contexts: { ...config.contexts, [name]: next } };
}

export function useContext(config: CliConfig, name: string): CliConfig {
  if (!config.contexts[name])
    throw new AbortError(`no context named "${name}"`, { hint: 'list them with: driftless context' });
  return { ...config, current: name };
}

export interface TargetFlags {
  server?: string | undefined;
  authToken?: string | undefined;
  context?: string | undefined;
  insecure?: boolean | undefined;
  plaintext?: boolean | undefined;
  serverCrt?: string | undefined;
}
export interface Target {
  server: string;
  token: string;
  /** Present when the token is the context's own SSO session. */
  refreshToken?: string;
  contextName?: string;
  insecure?: boolean;
  serverCrt?: string;
}

const LOGIN_HINT = 'run: driftless login <server>';

/** Flags beat environment, which beats the chosen (or current) context. */
export function resolveTarget(flags: TargetFlags, env: Env, config: CliConfig): Target {
  // An empty variable counts as unset, as shells make it easy to export one by accident.
  const envServer = env.DRIFTLESS_SERVER || undefined;
  const envToken = env.DRIFTLESS_AUTH_TOKEN || undefined;
  const ctxName = flags.context ?? (flags.server || envServer ? undefined : config.current);
  const ctx = ctxName === undefined ? undefined : config.contexts[ctxName];
  if (ctxName !== undefined && !ctx)
    throw new AbortError(`no context named "${ctxName}"`, { hint: LOGIN_HINT });
  const server = flags.server ?? envServer ?? ctx?.server;
  if (!server) throw new AbortError('not logged in to any Driftless server', { hint: LOGIN_HINT });
  const token = flags.authToken ?? envToken ?? (ctx?.server === server ? ctx.token : undefined);
  if (!token)
    throw new AbortError(`not logged in to ${server}`, {
      hint: `run: driftless login ${server} (or pass --auth-token / set DRIFTLESS_AUTH_TOKEN)`,
    });
  const fromCtx = ctx?.server === server ? ctx : undefined;
  const refreshToken = token === fromCtx?.token ? fromCtx.refreshToken : undefined;
  const insecure = flags.insecure ?? fromCtx?.insecure;
  const serverCrt = flags.serverCrt ?? fromCtx?.serverCrt;
  return {
    server: normalizeServer(server, flags.plaintext === true),
    token,
    ...(ctxName ? { contextName: ctxName } : {}),
    ...(refreshToken ? { refreshToken } : {}),
    ...(insecure ? { insecure } : {}),
    ...(serverCrt ? { serverCrt } : {}),
  };
}

/** `host:port` becomes https://host:port (http:// with --plaintext); a URL with a scheme is kept. */
export function normalizeServer(server: string, plaintext: boolean): string {
  const s = server.replace(/\/+$/, '');
  if (/^https?:\/\//i.test(s)) return s;
  return `${plaintext ? 'http' : 'https'}://${s}`;
}

/** The default context name: the server without scheme. */
export function contextNameFor(server: string): string {
  return server.replace(/^https?:\/\//i, '');
}
