// Helm's access to OCI registries for one command, as `helm registry login` gives it: the login
// (password on stdin), CA and client certificates live in a per-command 0700 folder (in memory where
// possible) named by HELM_REGISTRY_CONFIG, removed when the command is done.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { proxyEnvironment } from '../common/http-proxy.js';
import { makeSecretDir } from '../common/secret-dir.js';
import type { RepoCredentials } from '../git/index.js';
import { runTool } from './run-tool.js';
import type { ToolContext } from './types.js';

/** What an OCI repoURL names: `oci://host/path` or, as Argo CD writes it with enableOCI, `host/path`. */
export interface OciRepo {
  /** `host[:port]` (what `helm registry login` takes). */
  host: string;
  /** `oci://host/path` without a trailing slash. */
  base: string;
}

/** Whether a chart's repoURL is an OCI registry: `oci://`, or a URL without scheme (never a Helm HTTP repository). */
export function isOciRepoURL(repoURL: string, credentials?: RepoCredentials): boolean {
  if (/^oci:\/\//i.test(repoURL)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repoURL)) return false;
  return Boolean(credentials?.enableOCI) || !repoURL.includes('@');
}

export function ociRepo(repoURL: string): OciRepo {
  const bare = repoURL.replace(/^oci:\/\//i, '').replace(/\/+$/, '');
  const host = bare.split('/')[0] ?? '';
  return { host, base: `oci://${bare}` };
}

/** The host whose argocd-tls-certs-cm entry applies to a chart repository URL (no port, no user). */
export function chartRepoHost(repoURL: string, credentials?: RepoCredentials): string | undefined {
  if (isOciRepoURL(repoURL, credentials)) return ociRepo(repoURL).host.replace(/:\d+$/, '');
  return /^https:\/\/(?:[^@/]*@)?([^/:]+)/i.exec(repoURL)?.[1];
}

export interface RegistrySession {
  /** HELM_REGISTRY_CONFIG (and nothing else) for every helm command of the session. */
  env: Record<string, string>;
  /** TLS flags for `helm pull` / `helm push` (`--ca-file`, client certificate, insecure). */
  pullFlags: string[];
  /** The folder the session's commands must be allowed to read and write. */
  dir: string;
  close(): Promise<void>;
}

export interface RegistryLogin {
  host: string;
  credentials?: RepoCredentials | undefined;
  /** PEM CA certificates for the host (argocd-tls-certs-cm). */
  caCerts?: string | undefined;
}

/**
 * Opens a session in which helm is logged in to each registry that has credentials; close() removes
 * every trace of it. A refused login is the caller's error to report (RenderError from runTool).
 */
export async function openRegistrySession(
  ctx: ToolContext,
  logins: readonly RegistryLogin[],
  hint: string,
): Promise<RegistrySession> {
  const secret = await makeSecretDir('helm');
  const env = { HELM_REGISTRY_CONFIG: join(secret.path, 'registry.json') };
  const pullFlags: string[] = [];
  try {
    for (const [i, login] of logins.entries()) {
      const tls = await helmTlsFlags(secret.path, `r${i}`, login);
      // One set of TLS flags per command: the first registry's (the chart's own) are those of a pull.
      if (i === 0) pullFlags.push(...tls.pull);
      const c = login.credentials;
      if (!c?.username && !c?.password) continue;
      await runTool(
        ctx,
        'helm',
        ['registry', 'login', login.host, '--username', c.username ?? '', '--password-stdin', ...tls.login],
        {
          env: { ...env, ...proxyEnvironment(c) },
          input: c.password ?? '',
          network: true,
          writable: [secret.path],
          hint,
          describe: (msg) => `cannot log in to OCI registry ${login.host}: ${msg}`,
          reason: 'ChartNotFound',
        },
      );
    }
  } catch (e) {
    await secret.remove();
    throw e;
  }
  return { env, pullFlags, dir: secret.path, close: () => secret.remove() };
}

/** TLS files for one host written into the session folder, and the flags naming them. */
export async function helmTlsFlags(
  dir: string,
  prefix: string,
  login: RegistryLogin,
): Promise<{ login: string[]; pull: string[] }> {
  const both: string[] = [];
  if (login.caCerts) {
    const ca = join(dir, `${prefix}-ca.pem`);
    await writeFile(ca, login.caCerts, { mode: 0o600 });
    both.push('--ca-file', ca);
  }
  const c = login.credentials;
  if (c?.tlsClientCertData && c.tlsClientCertKey) {
    const cert = join(dir, `${prefix}-client.crt`);
    const key = join(dir, `${prefix}-client.key`);
    await writeFile(cert, c.tlsClientCertData, { mode: 0o600 });
    await writeFile(key, c.tlsClientCertKey, { mode: 0o600 });
    both.push('--cert-file', cert, '--key-file', key);
  }
  return {
    login: [...both, ...(c?.insecure ? ['--insecure'] : [])],
    pull: [...both, ...(c?.insecure ? ['--insecure-skip-tls-verify'] : [])],
  };
}
