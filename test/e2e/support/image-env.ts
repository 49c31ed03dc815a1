// What an image-updater e2e file sets up around `driftless server`: the suite's repository served
// over HTTP Git with write credentials (its repository Secret), registry CAs in argocd-tls-certs-cm,
// argocd-image-updater-config, pull Secrets, and Applications the updater watches.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpGitServer } from '../git-servers.js';
import { randomSuffix } from './cluster.js';
import { synced, waitForApp } from './controller.js';
import { kubectlOk } from './kubectl.js';
import { deployment } from './manifests.js';
import type { RegistryUser } from './registry.js';
import type { ControllerSuite } from './suite.js';

export const UPDATER = 'argocd-image-updater.argoproj.io/';

export interface ImageEnv {
  repoURL: string;
  /** The Git server's write password (tests check it appears nowhere). */
  gitPassword: string;
  /** `author <email>|subject` of the served repository's main branch, newest first. */
  log(): string[];
  /** A file of the served repository's main branch. */
  show(path: string): string;
  /** A git command's output in the served (bare) repository. */
  git(...args: string[]): string;
  /** Applies an object with kubectl. */
  apply(o: unknown): Promise<void>;
  /** A kubernetes.io/dockerconfigjson Secret `name` with a login per registry host. */
  pullSecret(name: string, logins: Record<string, RegistryUser>): Promise<void>;
  /** An auto-synced Application of the served repository with the updater's `annotations`. */
  app(name: string, path: string, dest: string, annotations: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** A one-replica Deployment `name` whose container `main` runs `image`. */
export const imageDeployment = (name: string, image: string): string =>
  deployment(name, {}, '', { name: 'main', image });

/**
 * Commits the suite repository, serves it, and writes the updater's settings (interval 2 s plus
 * `settings`) and `caCert` for 127.0.0.1; the control namespace is created here.
 */
export async function startImageEnv(
  s: ControllerSuite,
  caCert: string,
  settings: Record<string, string> = {},
): Promise<ImageEnv> {
  const root = mkdtempSync(join(tmpdir(), 'driftless-imgenv-'));
  const bare = join(root, 'git', 'config.git');
  s.repo.commit('seed');
  mkdirSync(join(root, 'git'));
  execFileSync('git', ['clone', '-q', '--bare', s.repo.dir, bare]);
  const auth = { username: 'writer', password: `git-${randomSuffix(10)}` };
  const git = await startHttpGitServer(join(root, 'git'), auth);
  const repoURL = `${git.url}/config.git`;
  const apply = async (o: unknown) =>
    void (await kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(o) }));
  const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: s.NS, ...extra });
  await kubectlOk(['create', 'namespace', s.NS]);
  await apply({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta('config-repo', { labels: { 'argocd.argoproj.io/secret-type': 'repository' } }),
    stringData: { url: repoURL, ...auth },
  });
  await apply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('argocd-tls-certs-cm'),
    data: { '127.0.0.1': caCert },
  });
  await apply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('argocd-image-updater-config'),
    data: { interval: '2s', ...settings },
  });
  const git_ = (...args: string[]) =>
    execFileSync('git', ['-C', bare, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    repoURL,
    gitPassword: auth.password,
    log: () => git_('log', '--format=%an <%ae>|%s', 'main').trim().split('\n'),
    show: (path) => git_('show', `main:${path}`),
    git: git_,
    apply,
    async pullSecret(name, logins) {
      const auths = Object.fromEntries(
        Object.entries(logins).map(([host, u]) => [host, { username: u.username, password: u.password }]),
      );
      await apply({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: meta(name),
        type: 'kubernetes.io/dockerconfigjson',
        stringData: { '.dockerconfigjson': JSON.stringify({ auths }) },
      });
    },
    async app(name, path, dest, annotations) {
      await apply({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: meta(name, { annotations }),
        spec: {
          project: 'default',
          source: { repoURL, targetRevision: 'main', path },
          destination: { server: 'https://kubernetes.default.svc', namespace: dest },
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
        },
      });
    },
    async close() {
      await git.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The Warning events of an object (reason: message), oldest first. */
export async function warnings(ns: string, name: string): Promise<string[]> {
  const out = await kubectlOk([
    '-n',
    ns,
    'get',
    'events',
    '--field-selector',
    `involvedObject.name=${name},type=Warning`,
    '-o',
    'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}',
  ]);
  return out.split('\n').filter(Boolean);
}

/** Waits until app `name` of namespace `ns` is Synced with `ref` (`image:tag`) among its images. */
export async function syncedWith(ns: string, name: string, ref: string, timeoutMs = 180_000): Promise<void> {
  await waitForApp(
    ns,
    name,
    `synced with ${ref}`,
    (a) => synced(a) && (a.status?.summary?.images ?? []).includes(ref),
    timeoutMs,
  );
}
