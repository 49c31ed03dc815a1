// Charts from OCI registries: `helm pull` (logged in for this command only, confined, with network)
// of an exact version or a semver range (helm resolves ranges on the registry's tags), unpacked once
// per (reference, version) into the repo service's cache; the resolved version is the chart's own.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { proxyEnvironment } from '../common/http-proxy.js';
import { isPlainObject } from '../model/index.js';
import { RenderError } from './errors.js';
import { isExactChartVersion, type ChartRequest } from './helm-repo.js';
import { helmHome } from './helm-deps.js';
import { ociRepo, openRegistrySession } from './helm-registry.js';
import { runTool } from './run-tool.js';
import { assertNoEscapingSymlinks } from './safe-path.js';
import type { ToolContext } from './types.js';

/** What names an OCI chart: the same fields as a Helm repository chart, without the HTTP settings. */
export type OciChartRequest = Pick<
  ChartRequest,
  'repoURL' | 'chart' | 'version' | 'credentials' | 'caCerts' | 'cacheDir'
>;

export interface FetchedOciChart {
  dir: string;
  version: string;
}

const HINT =
  'check repoURL (registry host and path, without the chart name), chart and targetRevision, and the ' +
  'registry\'s credentials in its repository Secret (type helm, enableOCI "true")';

const inflight = new Map<string, Promise<FetchedOciChart>>();

export function fetchOciChart(ctx: ToolContext, req: OciChartRequest): Promise<FetchedOciChart> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(req.chart))
    return Promise.reject(
      new RenderError(`invalid chart name ${JSON.stringify(req.chart)}`, {
        reason: 'ChartNotFound',
        tool: 'helm',
        hint: 'a chart name has no slashes or spaces: put the registry path in repoURL',
      }),
    );
  const ref = `${ociRepo(req.repoURL).base}/${req.chart}`;
  const key = `${ref}\n${req.version ?? ''}`;
  let p = inflight.get(key);
  if (!p) {
    p = pull(ctx, req, ref).finally(() => inflight.delete(key));
    inflight.set(key, p);
  }
  return p;
}

/** Where one version of a chart is unpacked in the cache. */
function cacheRoot(cacheDir: string, ref: string, version: string): string {
  const key = createHash('sha256').update(`${ref}\n${version}`).digest('hex').slice(0, 32);
  return join(cacheDir, 'oci-charts', key);
}

async function pull(ctx: ToolContext, req: OciChartRequest, ref: string): Promise<FetchedOciChart> {
  // A pinned version is immutable: reuse what was unpacked before without asking the registry.
  if (isExactChartVersion(req.version)) {
    const root = cacheRoot(req.cacheDir, ref, req.version ?? '');
    const done = await readFile(join(root, '.complete'), 'utf8').catch(() => undefined);
    if (done !== undefined) return { dir: join(root, req.chart), version: done };
  }
  const session = await openRegistrySession(
    ctx,
    [{ host: ociRepo(req.repoURL).host, credentials: req.credentials, caCerts: req.caCerts }],
    HINT,
  );
  const into = join(ctx.workDir, `oci-pull-${randomBytes(4).toString('hex')}`);
  await mkdir(into);
  try {
    const version = req.version?.trim();
    await runTool(
      ctx,
      'helm',
      [
        'pull',
        ref,
        ...(version ? ['--version', version] : []),
        '--untar',
        '--untardir',
        into,
        ...session.pullFlags,
      ],
      {
        cwd: ctx.workDir,
        env: { ...helmHome(ctx), ...session.env, ...proxyEnvironment(req.credentials) },
        network: true,
        writable: [session.dir],
        hint: HINT,
        describe: (msg) => `cannot pull chart ${ref}${version ? ` version ${version}` : ''}: ${msg}`,
        reason: 'ChartNotFound',
      },
    );
    const names = await readdir(into);
    if (names.length !== 1 || names[0] !== req.chart)
      throw new RenderError(`${ref} holds chart ${names.join(', ') || 'nothing'}, not ${req.chart}`, {
        reason: 'ChartNotFound',
        tool: 'helm',
        hint: 'the chart name is the last part of the OCI reference: check chart and repoURL',
      });
    await assertNoEscapingSymlinks(into, into, 'helm');
    const resolved = await chartVersion(join(into, req.chart));
    const target = cacheRoot(req.cacheDir, ref, resolved);
    await store(into, target, resolved);
    return { dir: join(target, req.chart), version: resolved };
  } finally {
    await session.close();
    await rm(into, { recursive: true, force: true });
  }
}

async function chartVersion(dir: string): Promise<string> {
  const chart: unknown = parse(await readFile(join(dir, 'Chart.yaml'), 'utf8'));
  const v = isPlainObject(chart) ? chart['version'] : undefined;
  return typeof v === 'string' ? v : String(v ?? '');
}

/** Moves an unpacked chart into the cache atomically; a concurrent writer of the same version wins. */
async function store(from: string, root: string, version: string): Promise<void> {
  if (await stat(join(root, '.complete')).catch(() => undefined)) return;
  await mkdir(join(root, '..'), { recursive: true });
  const tmp = `${root}.tmp-${randomBytes(4).toString('hex')}`;
  await rename(from, tmp);
  await writeFile(join(tmp, '.complete'), version);
  await rename(tmp, root).catch(async (e: unknown) => {
    await rm(tmp, { recursive: true, force: true });
    if (!(await stat(join(root, '.complete')).catch(() => undefined))) throw e;
  });
}
