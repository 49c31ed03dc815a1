// Runs one git command against one repository with its credentials, and turns git's failures
// into GitErrors whose reason and hint say what went wrong (never echoing a secret).
import { exec, redactText, type ExecResult } from '../common/exec.js';
import { ExternalError } from '../common/errors.js';
import type { RepoCredentials } from './credentials.js';
import { GitError, type GitErrorReason } from './errors.js';
import { prepareGitAuth } from './git-auth.js';
import type { RepoURL } from './repo-url.js';

export interface GitRunOptions {
  repo: RepoURL;
  credentials?: RepoCredentials | undefined;
  helperDir: string;
  sshKnownHosts?: string | undefined;
  /** PEM CA certificates for the repository's host. */
  caCerts?: string | undefined;
  /** Directory of the bare repository (`--git-dir`), if the command needs one. */
  gitDir?: string;
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Counts spawned processes, for the render-cache contract. */
  onSpawn?: () => void;
}

const patterns: [RegExp, GitErrorReason, string][] = [
  [
    /\[rejected\]|non-fast-forward|Updates were rejected|\(fetch first\)|cannot lock ref|stale info/i,
    'PushRejected',
    'the branch moved on the server meanwhile: fetch it again and re-apply the change',
  ],
  [
    /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i,
    'HostKeyVerificationFailed',
    'add the server host key to known hosts, or set insecureIgnoreHostKey on the repository secret',
  ],
  [
    /SSL certificate problem|server certificate verification failed|certificate verify failed/i,
    'CertificateUntrusted',
    "add the server's CA certificate to argocd-tls-certs-cm under its host name, or set insecure on the repository",
  ],
  [
    /Authentication failed|could not read (Username|Password)|Permission denied|terminal prompts disabled|HTTP Basic: Access denied|returned error: 40[13]|invalid credentials/i,
    'AuthenticationFailed',
    'check the username/password or ssh key in the repository secret',
  ],
  [
    /Could not resolve host|Connection refused|Connection timed out|Network is unreachable|No route to host|does not appear to be a git repository|repository .* not found|returned error: 404|Could not read from remote repository|unable to access/i,
    'Unreachable',
    'check the repository URL and that the server is reachable from here',
  ],
];

/** Lines git adds to every remote failure; the line before them says what happened. */
const BOILERPLATE =
  /^(fatal: Could not read from remote repository\.|Please make sure you have the correct access rights|and the repository exists\.)\s*$/;

export function classifyGitFailure(stderr: string): { reason: GitErrorReason; hint: string } {
  for (const [re, reason, hint] of patterns) if (re.test(stderr)) return { reason, hint };
  return { reason: 'GitFailed', hint: 'run the same git command by hand to see the full output' };
}

/** Runs `git <args>`; resolves with its output, throws GitError on failure or timeout. */
export async function runGit(args: readonly string[], opts: GitRunOptions): Promise<ExecResult> {
  const auth = await prepareGitAuth(opts.repo, opts.credentials, {
    helperDir: opts.helperDir,
    sshKnownHosts: opts.sshKnownHosts,
    caCerts: opts.caCerts,
  });
  const full = [...auth.configArgs, ...(opts.gitDir ? [`--git-dir=${opts.gitDir}`] : []), ...args];
  const redact = auth.secrets;
  const url = opts.repo.display;
  try {
    opts.onSpawn?.();
    const res = await exec('git', full, {
      env: { ...auth.env, ...opts.env },
      timeoutMs: opts.timeoutMs,
      redact,
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (res.exitCode !== 0) {
      const stderr = redactText(res.stderr, redact).trim();
      const { reason, hint } = classifyGitFailure(stderr);
      const detail =
        stderr
          .split('\n')
          .filter((l) => l.trim() && !BOILERPLATE.test(l))
          .slice(-2)
          .join(' | ') || `exit code ${res.exitCode}`;
      throw new GitError(`git ${args[0] ?? ''} ${url} failed: ${detail}`, { reason, repoURL: url, hint });
    }
    return res;
  } catch (e) {
    if (e instanceof ExternalError && e.timedOut) {
      throw new GitError(
        `git ${args[0] ?? ''} ${url} timed out after ${Math.round(opts.timeoutMs / 1000)}s`,
        {
          reason: 'Timeout',
          repoURL: url,
          hint: 'the repository may be too large or the server too slow; raise the git timeout',
          cause: e,
        },
      );
    }
    throw e;
  } finally {
    await auth.cleanup();
  }
}
