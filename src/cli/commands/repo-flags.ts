// The settings flags `repo add` and `repocreds add` share (argocd's names), read into API fields.
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { AbortError } from '../../common/errors.js';
import type { RepositoryInput } from '../../server/api-client.js';
import { UsageError } from '../context-client.js';
import { readStdinLine } from './login-prompt.js';

export interface RepoSettingsFlags {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  bearerToken?: string;
  sshPrivateKeyPath?: string;
  tlsClientCertPath?: string;
  tlsClientCertKeyPath?: string;
  insecureSkipServerVerification?: boolean;
  insecureIgnoreHostKey?: boolean;
  type: 'git' | 'helm' | 'oci';
  name?: string;
  enableOci?: boolean;
  enableLfs?: boolean;
  forceHttpBasicAuth?: boolean;
  proxy?: string;
  noProxy?: string;
  upsert?: boolean;
}

/** argocd's `--no-proxy <hosts>`: a value, not commander's negation of `--proxy`. */
function noProxyOption(): Option {
  const o = new Option('--no-proxy <hosts>', 'hosts to reach without the proxy (comma-separated)');
  o.negate = false;
  o.attributeName = () => 'noProxy';
  return o;
}

export function withRepoSettings(cmd: Command): Command {
  return cmd
    .option('--username <name>', 'username for HTTPS (or a Helm repository)')
    .option('--password <password>', 'password or access token for HTTPS (prefer --password-stdin)')
    .option('--password-stdin', 'read the password from stdin')
    .option('--bearer-token <token>', 'bearer token for HTTPS (Bitbucket Data Center and the like)')
    .option('--ssh-private-key-path <file>', 'private key for SSH')
    .option('--tls-client-cert-path <file>', 'TLS client certificate (PEM)')
    .option('--tls-client-cert-key-path <file>', 'key of the TLS client certificate (PEM)')
    .option(
      '--insecure-skip-server-verification',
      'skip TLS certificate verification (and, for SSH, the host key check)',
    )
    .option('--insecure-ignore-host-key', 'skip the SSH host key check (deprecated: use the flag above)')
    .addOption(new Option('--type <type>', 'repository type').choices(['git', 'helm', 'oci']).default('git'))
    .option('--name <name>', 'a name for the repository (Helm repositories need one)')
    .option('--enable-oci', 'the Helm repository is an OCI registry')
    .option('--enable-lfs', 'the repository uses Git LFS (not supported: checking out fails clearly)')
    .option('--force-http-basic-auth', 'send basic auth with the first request, without waiting for a 401')
    .option('--proxy <url>', 'HTTP(S) proxy to reach the repository through')
    .addOption(noProxyOption())
    .option('--upsert', 'replace existing settings of the same URL');
}

function readFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new AbortError(`cannot read the ${what} ${path}`, {
      hint: 'check the path and its permissions',
      cause: e,
    });
  }
}

/** The API fields for these flags; files are read here, so no secret travels in argv beyond --password. */
export async function settingsFromFlags(f: RepoSettingsFlags): Promise<RepositoryInput> {
  if (f.password !== undefined && f.passwordStdin)
    throw new UsageError('--password and --password-stdin exclude each other');
  if (Boolean(f.tlsClientCertPath) !== Boolean(f.tlsClientCertKeyPath))
    throw new UsageError('--tls-client-cert-path and --tls-client-cert-key-path go together');
  const password = f.passwordStdin ? await readStdinLine() : f.password;
  const out: RepositoryInput = { type: f.type };
  if (f.username) out.username = f.username;
  if (password) out.password = password;
  if (f.bearerToken) out.bearerToken = f.bearerToken;
  if (f.sshPrivateKeyPath) out.sshPrivateKey = readFile(f.sshPrivateKeyPath, 'SSH key');
  if (f.tlsClientCertPath) out.tlsClientCertData = readFile(f.tlsClientCertPath, 'TLS client certificate');
  if (f.tlsClientCertKeyPath) out.tlsClientCertKey = readFile(f.tlsClientCertKeyPath, 'TLS client key');
  if (f.insecureSkipServerVerification) out.insecure = true;
  if (f.insecureIgnoreHostKey) out.insecureIgnoreHostKey = true;
  if (f.name) out.name = f.name;
  if (f.enableOci) out.enableOCI = true;
  if (f.enableLfs) out.enableLfs = true;
  if (f.forceHttpBasicAuth) out.forceHttpBasicAuth = true;
  if (f.proxy) out.proxy = f.proxy;
  if (f.noProxy) out.noProxy = f.noProxy;
  return out;
}
