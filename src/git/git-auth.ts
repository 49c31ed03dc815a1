// Turns credentials into what git needs for one invocation, with no secret in argv, a URL or a
// lasting file: passwords through GIT_ASKPASS + env, ssh keys in a 0600 temp file removed after.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
}

// The helper prints what git asks for from environment variables: the secret lives only in the
// environment of the git process tree, never on disk or in argv.
const ASKPASS = `#!/bin/sh
case "$1" in
  Username*|username*) printf '%s\\n' "$DRIFTLESS_GIT_USERNAME" ;;
  *) printf '%s\\n' "$DRIFTLESS_GIT_PASSWORD" ;;
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
    LC_ALL: 'C',
    SSH_ASKPASS: '',
    DISPLAY: '',
  };
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
  const tempDir = async () => (tmp ??= await mkdtemp(join(tmpdir(), 'driftless-git-')));

  const username = creds?.username ?? repo.embedded?.username;
  const password = creds?.password ?? repo.embedded?.password;
  if ((repo.transport === 'http' || repo.transport === 'https') && (username || password)) {
    let helper = askpassPaths.get(opts.helperDir);
    if (!helper) askpassPaths.set(opts.helperDir, (helper = ensureAskpass(opts.helperDir)));
    env['GIT_ASKPASS'] = await helper;
    env['DRIFTLESS_GIT_USERNAME'] = username ?? '';
    env['DRIFTLESS_GIT_PASSWORD'] = password ?? '';
    if (password) secrets.push(password);
  }
  if (creds?.insecure) configArgs.push('-c', 'http.sslVerify=false');
  if (creds?.tlsClientCertData && creds.tlsClientCertKey) {
    const dir = await tempDir();
    const cert = join(dir, 'client.crt');
    const key = join(dir, 'client.key');
    await writeFile(cert, creds.tlsClientCertData, { mode: 0o600 });
    await writeFile(key, creds.tlsClientCertKey, { mode: 0o600 });
    configArgs.push('-c', `http.sslCert=${cert}`, '-c', `http.sslKey=${key}`);
    secrets.push(creds.tlsClientCertKey);
  }
  if (repo.transport === 'ssh') {
    const ssh = ['ssh', '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=20'];
    if (creds?.sshPrivateKey) {
      const dir = await tempDir();
      const keyPath = join(dir, 'id');
      // ssh refuses keys without a trailing newline on some versions.
      const key = creds.sshPrivateKey.endsWith('\n') ? creds.sshPrivateKey : `${creds.sshPrivateKey}\n`;
      await writeFile(keyPath, key, { mode: 0o600 });
      ssh.push('-i', shq(keyPath), '-o', 'IdentitiesOnly=yes');
      secrets.push(creds.sshPrivateKey.trim());
    }
    if (creds?.insecureIgnoreHostKey) {
      ssh.push('-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null');
    } else {
      const dir = await tempDir();
      const kh = join(dir, 'known_hosts');
      await writeFile(kh, opts.sshKnownHosts ?? '', { mode: 0o600 });
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
