// Turns credentials into what git needs for one invocation, with no secret in argv, the
// environment or a lasting file: everything secret goes into a 0700 directory (in memory where
// /dev/shm exists) that the askpass helper, ssh and a per-command git config read, removed after.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { secretTempRoot } from '../common/secret-dir.js';
import { GitError } from './errors.js';
import type { RepoCredentials } from './credentials.js';
import type { RepoURL } from './repo-url.js';

export interface GitAuth {
  env: Record<string, string>;
  /** `-c key=value` pairs placed before the git subcommand (no secrets in them). */
  configArgs: string[];
  /** Strings to redact from any message. */
  secrets: string[];
  cleanup(): Promise<void>;
}

export interface GitAuthOptions {
  /** Directory holding the askpass helper (created once, contains no secret). */
  helperDir: string;
  /** known_hosts content for ssh host verification. */
  sshKnownHosts?: string | undefined;
  /** PEM CA certificates trusted for the repository's host (argocd-tls-certs-cm). */
  caCerts?: string | undefined;
}

// Prints what git asks for from files in the per-command directory named by the environment.
const ASKPASS = `#!/bin/sh
case "$1" in
  Username*|username*) cat "$DRIFTLESS_GIT_AUTH_DIR/username" ;;
  *) cat "$DRIFTLESS_GIT_AUTH_DIR/password" ;;
esac
`;

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

async function ensureAskpass(helperDir: string): Promise<string> {
  const path = join(helperDir, 'askpass.sh');
  await writeFile(path, ASKPASS, { mode: 0o700 });
  await chmod(path, 0o700);
  return path;
}

/** Environment for every git call: no prompts, no user/system config, only our transports. */
export function baseGitEnv(): Record<string, string> {
  return {
    GIT_TERMINAL_PROMPT: '0',
    GIT_ALLOW_PROTOCOL: 'file:http:https:ssh',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_SSH_VARIANT: 'ssh',
    GIT_LFS_SKIP_SMUDGE: '1',
    LC_ALL: 'C',
    SSH_ASKPASS: '',
    DISPLAY: '',
  };
}

/** A git config value, quoted; a line break would start a new setting, so it is refused. */
function configValue(v: string, what: string): string {
  if (/[\r\n\0]/.test(v))
    throw new GitError(`the repository ${what} contains a line break`, {
      reason: 'InvalidCredentials',
      hint: `remove the line break from ${what} in the repository Secret`,
    });
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const askpassPaths = new Map<string, Promise<string>>();

export async function prepareGitAuth(
  repo: RepoURL,
  creds: RepoCredentials | undefined,
  opts: GitAuthOptions,
): Promise<GitAuth> {
  const env = baseGitEnv();
  const configArgs = ['-c', 'credential.helper=', '-c', 'core.askPass='];
  const secrets: string[] = [];
  let tmp: string | undefined;
  const tempDir = async () => (tmp ??= await mkdtemp(join(secretTempRoot(), 'driftless-git-')));
  const put = async (name: string, content: string) => {
    const path = join(await tempDir(), name);
    await writeFile(path, content, { mode: 0o600 });
    return path;
  };
  const http = repo.transport === 'http' || repo.transport === 'https';
  // Settings scoped to this repository's origin, so a submodule on another host never gets them.
  const scoped: string[] = [];

  const username = creds?.username ?? repo.embedded?.username;
  const password = creds?.password ?? repo.embedded?.password;
  if (http && (username || password)) {
    let helper = askpassPaths.get(opts.helperDir);
    if (!helper) askpassPaths.set(opts.helperDir, (helper = ensureAskpass(opts.helperDir)));
    env['GIT_ASKPASS'] = await helper;
    await put('username', username ?? '');
    await put('password', password ?? '');
    env['DRIFTLESS_GIT_AUTH_DIR'] = await tempDir();
    if (password) secrets.push(password);
    if (creds?.forceHttpBasicAuth) {
      const basic = Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64');
      scoped.push(`extraHeader = ${configValue(`Authorization: Basic ${basic}`, 'password')}`);
      secrets.push(basic);
    }
  }
  if (http && creds?.bearerToken) {
    scoped.push(`extraHeader = ${configValue(`Authorization: Bearer ${creds.bearerToken}`, 'bearerToken')}`);
    secrets.push(creds.bearerToken);
  }
  if (http && creds?.insecure) scoped.push('sslVerify = false');
  // The environment's GIT_SSL_CAINFO (set on many systems) would beat a config setting.
  if (http && opts.caCerts) env['GIT_SSL_CAINFO'] = await put('ca.pem', opts.caCerts);
  if (http && creds?.tlsClientCertData && creds.tlsClientCertKey) {
    scoped.push(`sslCert = ${configValue(await put('client.crt', creds.tlsClientCertData), 'path')}`);
    scoped.push(`sslKey = ${configValue(await put('client.key', creds.tlsClientCertKey), 'path')}`);
    secrets.push(creds.tlsClientCertKey);
  }
  if (http && creds?.proxy) {
    scoped.push(`proxy = ${configValue(creds.proxy, 'proxy')}`);
    if (creds.noProxy) env['NO_PROXY'] = env['no_proxy'] = creds.noProxy;
  }
  if (scoped.length > 0) {
    const origin = new URL(repo.gitURL).origin;
    const body = `[http ${configValue(`${origin}/`, 'URL')}]\n${scoped.map((l) => `\t${l}\n`).join('')}`;
    env['GIT_CONFIG_GLOBAL'] = await put('gitconfig', body);
  }
  if (repo.transport === 'ssh') {
    const ssh = ['ssh', '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=20'];
    if (creds?.sshPrivateKey) {
      // ssh refuses keys without a trailing newline on some versions.
      const key = creds.sshPrivateKey.endsWith('\n') ? creds.sshPrivateKey : `${creds.sshPrivateKey}\n`;
      ssh.push('-i', shq(await put('id', key)), '-o', 'IdentitiesOnly=yes');
      secrets.push(creds.sshPrivateKey.trim());
    }
    // Argo CD reads `insecure` on an ssh repository as "skip the host key check" too.
    if (creds?.insecureIgnoreHostKey || creds?.insecure) {
      ssh.push('-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null');
    } else {
      const kh = await put('known_hosts', opts.sshKnownHosts ?? '');
      ssh.push('-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${shq(kh)}`);
    }
    env['GIT_SSH_COMMAND'] = ssh.join(' ');
  }
  return {
    env,
    configArgs,
    secrets,
    cleanup: async () => {
      if (tmp) await rm(tmp, { recursive: true, force: true });
    },
  };
}
