// A configuration repository served as a Git host serves it: a bare repository behind `git http-backend` over
// HTTPS (a throwaway CA) with basic-auth write credentials, and a developer's work tree that pushes to it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestCA, startHttpGitServer, type HttpGitServer, type TestCA } from '../git-servers.js';
import { randomSuffix } from './cluster.js';
import { TestRepo } from './git-repo.js';
import { kubectlOk } from './kubectl.js';

export interface ServedRepo {
  /** The repository's HTTPS URL, as a user passes it to `repo add` and `--repo`. */
  readonly url: string;
  /** Credentials that may read and push (what `repo add --username --password` stores). */
  readonly auth: { username: string; password: string };
  /** The developer's work tree; `push` commits here. */
  readonly work: TestRepo;
  /** The throwaway CA and its certificate for 127.0.0.1 (another loopback server may reuse them). */
  readonly ca: TestCA;
  /** The HTTP server (its `unauthorized` count shows that auth was exercised). */
  readonly server: HttpGitServer;
  /** Writes files in the work tree, commits, pulls what others pushed first, pushes main; returns the SHA. */
  push(files: Record<string, string>, message: string): string;
  /** Runs git in the bare repository (what the Git host holds) and returns its trimmed output. */
  git(...args: string[]): string;
  /** Makes the server's CA trusted by Driftless in `namespace` (argocd-tls-certs-cm for 127.0.0.1). */
  trustIn(namespace: string): Promise<void>;
  close(): Promise<void>;
}

export interface ServedRepoOptions {
  /** The path under the server, `config.git` unless given. */
  name?: string;
  /** The branch HEAD names in the bare repository (`main` unless given; it need not exist). */
  head?: string;
  /** Hold every request this long first (see startHttpGitServer). */
  delayMs?: number;
}

/** A served repository with an empty history: the first `push` creates `main`. */
export async function startServedRepo(opts: ServedRepoOptions = {}): Promise<ServedRepo> {
  const root = mkdtempSync(join(tmpdir(), 'driftless-served-'));
  const name = opts.name ?? 'config.git';
  const bare = join(root, name);
  execFileSync('git', ['init', '-q', '--bare', bare]);
  execFileSync('git', ['-C', bare, 'symbolic-ref', 'HEAD', `refs/heads/${opts.head ?? 'main'}`]);
  const auth = { username: 'ci-bot', password: `pat-${randomSuffix(12)}` };
  const ca = await makeTestCA();
  const server = await startHttpGitServer(root, auth, {
    tls: ca,
    ...(opts.delayMs ? { delayMs: opts.delayMs } : {}),
  });
  const work = new TestRepo();
  const git = (...args: string[]) => execFileSync('git', ['-C', bare, ...args], { encoding: 'utf8' }).trim();
  let pushed = false;
  return {
    url: `${server.url}/${name}`,
    auth,
    ca,
    work,
    server,
    push(files, message) {
      // Commits Driftless pushed come first, as for anyone who pulls before pushing.
      if (pushed) work.git('pull', '-q', '--ff-only', bare, 'main');
      work.write(files);
      const sha = work.commit(message);
      work.git('push', '-q', bare, 'main');
      pushed = true;
      return sha;
    },
    git,
    trustIn: async (namespace) => {
      const cm = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'argocd-tls-certs-cm', namespace },
        data: { '127.0.0.1': ca.caCert },
      };
      await kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(cm) });
    },
    close: async () => {
      await server.close();
      work.cleanup();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
