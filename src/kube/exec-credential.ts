// client-go exec credential plugins: run the command, read its ExecCredential, cache it until it expires.
import { exec, type ExecResult } from '../common/exec.js';
import { isPlainObject } from '../model/kube-object.js';
import type { ExecProviderConfig } from '../model/cluster-secret.js';
import { KubeConnectionError } from './api-error.js';

/** What a plugin hands back: a bearer token and/or a client certificate (PEM). */
export interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** ms since the epoch; undefined: valid until the server says 401. */
  expiresAt?: number;
}

export type RunPlugin = (
  command: string,
  args: readonly string[],
  env: Record<string, string>,
) => Promise<ExecResult>;

export interface ExecCredentialOptions {
  run?: RunPlugin;
  now?: () => number;
}

const SUPPORTED = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];
/** Refresh this long before the stated expiry, so a request never carries a credential about to lapse. */
const EXPIRY_MARGIN_MS = 10_000;

const runWithExec: RunPlugin = (command, args, env) => exec(command, args, { env, timeoutMs: 60_000 });

/** One plugin's credential, fetched on first use and again after expiry or `invalidate()` (a 401). */
export class ExecCredentialSource {
  private cached: ExecCredentialStatus | undefined;
  private inflight: Promise<ExecCredentialStatus> | undefined;
  private readonly run: RunPlugin;
  private readonly now: () => number;

  constructor(
    private readonly config: ExecProviderConfig,
    opts: ExecCredentialOptions = {},
  ) {
    this.run = opts.run ?? runWithExec;
    this.now = opts.now ?? Date.now;
  }

  async get(): Promise<ExecCredentialStatus> {
    const c = this.cached;
    if (c && (c.expiresAt === undefined || c.expiresAt - EXPIRY_MARGIN_MS > this.now())) return c;
    this.inflight ??= this.fetch().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /** The server refused the credential: the next request runs the plugin again. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async fetch(): Promise<ExecCredentialStatus> {
    const apiVersion = this.config.apiVersion ?? 'client.authentication.k8s.io/v1';
    const name = this.config.command;
    if (!SUPPORTED.includes(apiVersion))
      throw new KubeConnectionError(`exec plugin ${name}: apiVersion ${apiVersion} is not supported`, {
        hint: `use one of ${SUPPORTED.join(', ')}`,
      });
    const info = { apiVersion, kind: 'ExecCredential', spec: { interactive: false } };
    let result: ExecResult;
    try {
      result = await this.run(name, this.config.args ?? [], {
        ...this.config.env,
        KUBERNETES_EXEC_INFO: JSON.stringify(info),
      });
    } catch (err) {
      throw new KubeConnectionError(`exec plugin ${name} could not run: ${(err as Error).message}`, {
        hint: this.config.installHint ?? `install ${name}, or fix the command in the kubeconfig`,
        cause: err,
      });
    }
    if (result.exitCode !== 0)
      throw new KubeConnectionError(
        `exec plugin ${name} exited with ${result.exitCode}: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
        { hint: this.config.installHint },
      );
    const status = parseExecCredential(result.stdout, apiVersion, name);
    this.cached = status;
    return status;
  }
}

/** Reads the plugin's stdout; anything but an ExecCredential with a token or a certificate pair is an error. */
export function parseExecCredential(stdout: string, apiVersion: string, name: string): ExecCredentialStatus {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new KubeConnectionError(`exec plugin ${name} did not print JSON`, {
      hint: 'the plugin must print an ExecCredential object on stdout',
    });
  }
  if (!isPlainObject(doc) || doc.kind !== 'ExecCredential' || !isPlainObject(doc.status))
    throw new KubeConnectionError(`exec plugin ${name} printed no ExecCredential with a status`);
  if (doc.apiVersion !== apiVersion)
    throw new KubeConnectionError(
      `exec plugin ${name} answered apiVersion ${String(doc.apiVersion)}, expected ${apiVersion}`,
    );
  const s = doc.status;
  const out: ExecCredentialStatus = {};
  if (typeof s.token === 'string' && s.token !== '') out.token = s.token;
  if (typeof s.clientCertificateData === 'string') out.clientCertificateData = s.clientCertificateData;
  if (typeof s.clientKeyData === 'string') out.clientKeyData = s.clientKeyData;
  if ((out.clientCertificateData === undefined) !== (out.clientKeyData === undefined))
    throw new KubeConnectionError(`exec plugin ${name} returned a client certificate or key but not both`);
  if (out.token === undefined && out.clientCertificateData === undefined)
    throw new KubeConnectionError(`exec plugin ${name} returned neither a token nor a client certificate`);
  if (typeof s.expirationTimestamp === 'string') {
    const t = Date.parse(s.expirationTimestamp);
    if (!Number.isFinite(t))
      throw new KubeConnectionError(`exec plugin ${name}: expirationTimestamp is not a time`);
    out.expiresAt = t;
  }
  return out;
}
