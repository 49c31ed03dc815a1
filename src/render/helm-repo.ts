// Charts from a Helm repository: reads index.yaml over HTTP(S), downloads the chart archive,
// checks its digest and unpacks it once into a cache keyed by (repository, chart, version).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { exec } from '../common/exec.js';
import { maxSatisfying, parseConstraint, parseVersion } from '../common/semver.js';
import { safeForMessage, type RepoCredentials } from '../git/index.js';
import { chartGet } from './chart-http.js';
import { isPlainObject } from '../model/index.js';
import { RenderError } from './errors.js';
import { assertNoEscapingSymlinks } from './safe-path.js';

export interface ChartRequest {
  repoURL: string;
  chart: string;
  /** Exact version, or a semver constraint (`1.2.*`, `>=1.0.0 <2.0.0`); empty means the newest. */
  version: string | undefined;
  credentials?: RepoCredentials | undefined;
  /** PEM CA certificates for the repository's host (argocd-tls-certs-cm). */
  caCerts?: string | undefined;
  cacheDir: string;
  timeoutMs: number;
  /** helm.passCredentials: send the credentials to chart archives on other hosts too. */
  passCredentials?: boolean | undefined;
  onSpawn: () => void;
}

export interface FetchedChart {
  dir: string;
  version: string;
}

function chartError(message: string, hint: string): RenderError {
  return new RenderError(message, { reason: 'ChartNotFound', tool: 'helm', hint });
}

type HttpRequest = Pick<
  ChartRequest,
  'repoURL' | 'credentials' | 'caCerts' | 'timeoutMs' | 'passCredentials'
>;

async function httpGet(url: string, req: HttpRequest): Promise<Buffer> {
  let res;
  try {
    res = await chartGet(url, {
      credentials: req.credentials,
      credentialsFor: req.repoURL,
      caCerts: req.caCerts,
      timeoutMs: req.timeoutMs,
      passCredentials: req.passCredentials ?? false,
    });
  } catch (e) {
    const msg = (e as Error).message;
    const cert = /certificate|self.signed|CERT_|unable to verify/i.test(msg);
    throw chartError(
      `cannot reach Helm repository ${safeForMessage(req.repoURL)}: ${msg}`,
      cert
        ? "add the server's CA certificate to argocd-tls-certs-cm under its host name, or set insecure on the repository"
        : /^the proxy/.test(msg)
          ? "check the repository's proxy (and noProxy), or HTTPS_PROXY/NO_PROXY of the server"
          : 'check repoURL and that the server is reachable',
    );
  }
  if (res.status === 401 || res.status === 403) {
    throw new RenderError(
      `Helm repository ${safeForMessage(req.repoURL)} refused the credentials (HTTP ${res.status})`,
      { reason: 'ChartNotFound', tool: 'helm', hint: 'check the username/password in the repository secret' },
    );
  }
  if (res.status < 200 || res.status >= 300)
    throw chartError(
      `GET ${safeForMessage(url)} returned HTTP ${res.status}`,
      'check repoURL, chart and version',
    );
  return res.body;
}

interface IndexEntry {
  version: string;
  urls: string[];
  digest?: string;
}

function pickEntry(index: unknown, req: ChartRequest): IndexEntry {
  const entries =
    isPlainObject(index) && isPlainObject(index['entries']) ? index['entries'][req.chart] : undefined;
  const list = (Array.isArray(entries) ? entries : []).filter(
    (e): e is IndexEntry => isPlainObject(e) && typeof e['version'] === 'string' && Array.isArray(e['urls']),
  );
  const hit = pickVersion(list, req.version ?? '');
  if (!hit) {
    const known =
      list
        .slice(0, 5)
        .map((e) => e.version)
        .join(', ') || 'none';
    throw chartError(
      `chart ${req.chart} version ${req.version || 'latest'} not found in ${req.repoURL}`,
      `available versions: ${known}`,
    );
  }
  return hit;
}

/** Reads the repository's index.yaml with these credentials: `repo add --type helm` checks this first. */
export async function testChartRepository(req: HttpRequest): Promise<void> {
  const index: unknown = parse(
    (await httpGet(`${req.repoURL.replace(/\/+$/, '')}/index.yaml`, req)).toString('utf8'),
  );
  if (!isPlainObject(index) || !isPlainObject(index['entries']))
    throw chartError(
      `${req.repoURL} is not a Helm chart repository (its index.yaml has no entries)`,
      'check the URL: it should be the folder that holds index.yaml',
    );
}

/** Whether a version asks for exactly one chart version (and so may be served from the cache). */
export function isExactChartVersion(version: string | undefined): boolean {
  return Boolean(version && parseVersion(version));
}

/** An exact version as written, else the newest satisfying the constraint (empty or `*`: the newest). */
export function pickVersion<E extends { version: string }>(
  list: readonly E[],
  version: string,
): E | undefined {
  const want = version.trim();
  if (isExactChartVersion(want))
    return list.find((e) => e.version.replace(/^v/, '') === want.replace(/^v/, ''));
  const constraint = parseConstraint(want || '*');
  const best = constraint
    ? maxSatisfying(
        list.map((e) => e.version),
        constraint,
      )
    : undefined;
  return best ? list.find((e) => e.version === best.raw) : undefined;
}

const inflight = new Map<string, Promise<FetchedChart>>();

export function fetchChart(req: ChartRequest): Promise<FetchedChart> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(req.chart)) {
    return Promise.reject(
      chartError(`invalid chart name ${JSON.stringify(req.chart)}`, 'a chart name has no slashes or spaces'),
    );
  }
  const key = createHash('sha256')
    .update(`${req.repoURL}\n${req.chart}\n${req.version ?? ''}`)
    .digest('hex')
    .slice(0, 32);
  let p = inflight.get(key);
  if (!p) {
    p = doFetch(req, key).finally(() => inflight.delete(key));
    inflight.set(key, p);
  }
  return p;
}

async function doFetch(req: ChartRequest, key: string): Promise<FetchedChart> {
  const root = join(req.cacheDir, 'charts', key);
  const pinned = isExactChartVersion(req.version);
  // A pinned version is immutable: reuse what was unpacked before without asking the server.
  if (pinned && (await stat(join(root, '.complete')).catch(() => undefined))) {
    return { dir: join(root, req.chart), version: req.version ?? '' };
  }
  const base = req.repoURL.replace(/\/+$/, '');
  const index: unknown = parse((await httpGet(`${base}/index.yaml`, req)).toString('utf8'));
  const entry = pickEntry(index, req);
  const first = entry.urls[0] ?? '';
  const url = /^[a-z]+:\/\//i.test(first) ? first : `${base}/${first.replace(/^\/+/, '')}`;
  const tgz = await httpGet(url, req);
  if (entry.digest && createHash('sha256').update(tgz).digest('hex') !== entry.digest) {
    throw chartError(
      `chart ${req.chart}-${entry.version} does not match the digest in index.yaml`,
      'the repository may be corrupt or tampered with',
    );
  }
  const tmp = `${root}.tmp-${randomBytes(4).toString('hex')}`;
  await mkdir(tmp, { recursive: true });
  try {
    await writeFile(join(tmp, 'chart.tgz'), tgz);
    req.onSpawn();
    // GNU tar skips members with `..` and strips leading `/`; symlinks are checked after.
    const res = await exec('tar', ['-xzf', 'chart.tgz', '--no-same-owner', '--no-same-permissions'], {
      cwd: tmp,
      timeoutMs: req.timeoutMs,
    });
    if (res.exitCode !== 0)
      throw chartError(
        `cannot unpack chart ${req.chart}: ${res.stderr.trim()}`,
        'the chart archive is damaged',
      );
    await rm(join(tmp, 'chart.tgz'));
    await assertNoEscapingSymlinks(tmp, tmp, 'helm');
    await writeFile(join(tmp, '.complete'), entry.version);
    if (!pinned) await rm(root, { recursive: true, force: true });
    await rename(tmp, root).catch(async (e: unknown) => {
      if (!(await stat(join(root, '.complete')).catch(() => undefined))) throw e; // lost a race: fine
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return { dir: join(root, req.chart), version: entry.version };
}
