// Chart dependencies declared in Chart.yaml but not vendored in charts/: `helm dependency build`
// as Argo CD runs it (only the repositories the chart declares are added), on a private copy of the
// checkout, with the fetched archives cached by the Chart.lock digest.
import { createHash, randomBytes } from 'node:crypto';
import { access, copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { GoYamlError, parseGoYamlDocuments } from '../common/go-yaml.js';
import { isPlainObject } from '../model/index.js';
import { RenderError } from './errors.js';
import { chartRepoHost, helmTlsFlags, ociRepo, openRegistrySession } from './helm-registry.js';
import { runTool } from './run-tool.js';
import { scratchCopy } from './scratch-copy.js';
import type { RenderContext } from './types.js';

export interface ChartDependency {
  name: string;
  repository: string;
  version: string;
}

const MISSING = /found in (?:Chart|requirements)\.yaml, but missing in charts\/ directory/;

/** Whether a helm failure is Argo CD's cue to build dependencies. */
export function isMissingDependencyError(message: string): boolean {
  return MISSING.test(message);
}

async function readYaml(file: string, repoRoot: string): Promise<Record<string, unknown> | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const v = parseGoYamlDocuments(text)[0]?.value;
    return isPlainObject(v) ? v : {};
  } catch (e) {
    if (!(e instanceof GoYamlError)) throw e;
    throw new RenderError(`YAML syntax error: ${e.reason}`, {
      reason: 'InvalidManifest',
      tool: 'helm',
      file: relative(repoRoot, file),
      line: e.line,
    });
  }
}

/** The dependencies of the chart in `dir` (Chart.yaml, or requirements.yaml for apiVersion v1). */
export async function chartDependencies(dir: string, repoRoot: string): Promise<ChartDependency[]> {
  const chart = await readYaml(join(dir, 'Chart.yaml'), repoRoot);
  const req = chart?.['dependencies'] ? chart : await readYaml(join(dir, 'requirements.yaml'), repoRoot);
  const list = Array.isArray(req?.['dependencies']) ? (req['dependencies'] as unknown[]) : [];
  return list.filter(isPlainObject).map((d) => ({
    name: typeof d['name'] === 'string' ? d['name'] : '',
    repository: typeof d['repository'] === 'string' ? d['repository'] : '',
    version: typeof d['version'] === 'string' ? d['version'] : String(d['version'] ?? ''),
  }));
}

/** A dependency from a repository with no `charts/NAME` folder nor `charts/NAME-*.tgz` beside it. */
export async function hasUnvendored(dir: string, deps: readonly ChartDependency[]): Promise<boolean> {
  const names = await readdir(join(dir, 'charts')).catch(() => [] as string[]);
  return deps.some(
    (d) =>
      d.repository !== '' &&
      !d.repository.startsWith('file://') &&
      !names.some((n) => n === d.name || (n.startsWith(`${d.name}-`) && n.endsWith('.tgz'))),
  );
}

async function cacheKey(dir: string, deps: readonly ChartDependency[]): Promise<string | undefined> {
  // Local (file://) dependencies change with every commit: those are never cached.
  if (deps.some((d) => d.repository.startsWith('file://') || d.repository === '')) return undefined;
  const lock =
    (await readFile(join(dir, 'Chart.lock'), 'utf8').catch(() => undefined)) ??
    (await readFile(join(dir, 'requirements.lock'), 'utf8').catch(() => undefined));
  return createHash('sha256')
    .update(lock ?? JSON.stringify(deps))
    .digest('hex')
    .slice(0, 32);
}

const inflight = new Map<string, Promise<void>>();
/** Files helm may rewrite in the chart's folder: real copies in the scratch checkout. */
const CHART_FILES = ['Chart.yaml', 'Chart.lock', 'requirements.yaml', 'requirements.lock'];

async function isComplete(dir: string): Promise<boolean> {
  return access(join(dir, '.complete')).then(
    () => true,
    () => false,
  );
}

/**
 * Makes a copy of the checkout whose chart has its dependencies in charts/; returns the copy's root
 * and the chart's folder in it. Archives fetched before come from `cacheDir`, by Chart.lock digest.
 */
export async function withDependencies(
  ctx: RenderContext,
  cacheDir: string,
): Promise<{ root: string; dir: string }> {
  const appRel = relative(ctx.repoRoot, ctx.appDir);
  const root = join(ctx.workDir, 'chart-checkout');
  const own = new Set(CHART_FILES.map((f) => join(appRel, f)));
  await scratchCopy(ctx.repoRoot, root, { writable: (rel) => own.has(rel) });
  const dir = join(root, appRel);
  const deps = await chartDependencies(dir, root);
  const key = await cacheKey(dir, deps);
  if (!key) {
    await dependencyBuild(ctx, root, dir, deps);
    return { root, dir };
  }
  const cached = join(cacheDir, 'helm-deps', key);
  if (!(await isComplete(cached))) {
    let p = inflight.get(cached);
    if (!p) {
      p = buildInto(ctx, root, dir, deps, cached).finally(() => inflight.delete(cached));
      inflight.set(cached, p);
    }
    await p;
  }
  await mkdir(join(dir, 'charts'), { recursive: true });
  for (const f of await readdir(cached))
    if (f.endsWith('.tgz')) await copyFile(join(cached, f), join(dir, 'charts', f));
  return { root, dir };
}

async function buildInto(
  ctx: RenderContext,
  root: string,
  dir: string,
  deps: readonly ChartDependency[],
  cached: string,
): Promise<void> {
  const before = new Set(await readdir(join(dir, 'charts')).catch(() => [] as string[]));
  await dependencyBuild(ctx, root, dir, deps);
  const tmp = `${cached}.tmp-${randomBytes(4).toString('hex')}`;
  await mkdir(tmp, { recursive: true });
  try {
    for (const f of await readdir(join(dir, 'charts')))
      if (f.endsWith('.tgz') && !before.has(f)) await copyFile(join(dir, 'charts', f), join(tmp, f));
    await mkdir(join(tmp, '.complete'));
    await rm(cached, { recursive: true, force: true });
    await rename(tmp, cached);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** `helm repo add` for each declared repository, then `helm dependency build`. */
async function dependencyBuild(
  ctx: RenderContext,
  root: string,
  dir: string,
  deps: readonly ChartDependency[],
): Promise<void> {
  for (const d of deps) {
    if (/^(@|alias:)/.test(d.repository))
      throw new RenderError(
        `dependency ${d.name}: repository ${d.repository} names a repository instead of its URL`,
        {
          reason: 'ChartNotFound',
          tool: 'helm',
          hint: 'write the repository URL in Chart.yaml',
        },
      );
  }
  const copyCtx = { ...ctx, repoRoot: root, appDir: dir };
  const passCredentials = ctx.source.helm?.passCredentials ?? false;
  const https = [...new Set(deps.map((d) => d.repository).filter((r) => /^https?:\/\//i.test(r)))];
  const oci = [...new Set(deps.map((d) => d.repository).filter((r) => /^oci:\/\//i.test(r)))];
  const aliasOf = (url: string) => deps.find((d) => d.repository === url)?.name ?? '';
  const hostCA = (url: string) => {
    const host = chartRepoHost(url);
    return host ? ctx.caCertsFor?.(host) : undefined;
  };
  // Registry logins, repository passwords and CA files exist only while these commands run.
  const session = await openRegistrySession(
    copyCtx,
    oci.map((url) => ({
      host: ociRepo(url).host,
      credentials: ctx.credentialsFor?.(url),
      caCerts: hostCA(url),
    })),
    'check the credentials of the registries named in Chart.yaml (a repository Secret or repo-creds template)',
  );
  const env = {
    ...helmHome(ctx),
    ...session.env,
    HELM_REPOSITORY_CONFIG: join(session.dir, 'repositories.yaml'),
  };
  try {
    for (const [i, url] of https.entries()) {
      const creds = ctx.credentialsFor?.(url);
      const tls = await helmTlsFlags(session.dir, `d${i}`, {
        host: url,
        credentials: creds,
        caCerts: hostCA(url),
      });
      const args = ['repo', 'add', `dep-${i}`, url, ...tls.pull];
      if (creds?.username) args.push('--username', creds.username, '--password-stdin');
      if (passCredentials) args.push('--pass-credentials');
      await runTool(copyCtx, 'helm', args, {
        cwd: dir,
        env,
        network: true,
        writable: [session.dir],
        input: creds?.username ? (creds.password ?? '') : undefined,
        hint: `check the repository of dependency ${aliasOf(url)} in Chart.yaml and that it is reachable, or vendor the chart into charts/`,
        describe: (msg) =>
          `cannot reach chart repository ${url} (dependency ${aliasOf(url)} in Chart.yaml): ${msg}`,
        reason: 'ChartNotFound',
      });
    }
    const tls = await dependencyTlsFlags(session.dir, [...https, ...oci], ctx, hostCA);
    await runTool(copyCtx, 'helm', ['dependency', 'build', dir, ...tls], {
      cwd: dir,
      env,
      // Only the repositories Chart.yaml declares are known to this helm (its own settings folder).
      network: true,
      writable: [session.dir],
      hint: 'check the dependencies in Chart.yaml (and Chart.lock); run `helm dependency build` on the chart to see the full error',
      describe: (msg) => `helm dependency build failed: ${msg}`,
      reason: 'ChartNotFound',
    });
  } finally {
    await session.close();
  }
}

const SYSTEM_CA_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'];

/**
 * `helm dependency build` takes one set of TLS flags for every download: a CA bundle of the system's
 * roots plus each dependency host's own CA (argocd-tls-certs-cm), and insecure if any repository is.
 */
async function dependencyTlsFlags(
  dir: string,
  urls: readonly string[],
  ctx: RenderContext,
  hostCA: (url: string) => string | undefined,
): Promise<string[]> {
  const own = [...new Set(urls.map(hostCA).filter((c): c is string => Boolean(c)))];
  const flags: string[] = [];
  if (own.length > 0) {
    const system = await Promise.all(SYSTEM_CA_BUNDLES.map((f) => readFile(f, 'utf8').catch(() => '')));
    const bundle = join(dir, 'dependency-ca.pem');
    await writeFile(bundle, [...system.filter(Boolean), ...own].join('\n'), { mode: 0o600 });
    flags.push('--ca-file', bundle);
  }
  if (urls.some((u) => ctx.credentialsFor?.(u)?.insecure)) flags.push('--insecure-skip-tls-verify');
  return flags;
}

/** helm's settings, cache and repository list live in the render's scratch space only. */
export function helmHome(ctx: Pick<RenderContext, 'workDir'>): Record<string, string> {
  const home = join(ctx.workDir, '.helm');
  return {
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
  };
}
