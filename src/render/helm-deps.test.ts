// Chart dependencies declared in Chart.yaml but not vendored: built from the chart repository the
// chart declares (a real one, served on loopback by this test), cached by the lock digest, and an
// unreachable repository reported as a clear error; the shared checkout is never written.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execChecked } from '../common/exec.js';
import { toolAvailable } from './testing/tool-available.js';
import { RenderError } from './errors.js';
import { RepoService } from './repo-service.js';
import { commitFile, makeFixtureRepo, type FixtureRepo } from './testing/fixture-repo.js';
import { ToolLocator } from './tools.js';

const CHART = 'helm/with-dependency/Chart.yaml';

describe('helm dependency build', { skip: toolAvailable('helm') ? false : 'helm not found' }, () => {
  let repo: FixtureRepo;
  let cache: string;
  let server: Server;
  let url: string;
  const requests: string[] = [];

  before(async () => {
    repo = await makeFixtureRepo();
    cache = await mkdtemp(join(tmpdir(), 'driftless-helm-deps-'));
    const charts = join(cache, 'served');
    await mkdir(charts);
    const helm = new ToolLocator().locate('helm').command;
    await execChecked(helm, ['package', join(repo.dir, 'helm/dependency-lib'), '-d', charts]);
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const name = (req.url ?? '/').replace(/^\/+/, '');
      if (!/^[\w.-]+$/.test(name)) return res.writeHead(404).end();
      readFile(join(charts, name)).then(
        (b) => res.writeHead(200).end(b),
        () => res.writeHead(404).end(),
      );
      return undefined;
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await execChecked(helm, ['repo', 'index', charts, '--url', url]);
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await rm(repo.dir, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
  });

  const render = (svc: RepoService, sha: string, noCache = false) =>
    svc.render({
      appName: 'deps',
      appNamespace: 'argocd',
      noCache,
      source: { repoURL: repo.url, targetRevision: sha, path: 'helm/with-dependency' },
    });

  it('fetches the declared dependency, renders it with the parent’s values, then reuses it', async () => {
    const chart = (await readFile(join(repo.dir, CHART), 'utf8')).replace('REPO_URL', url);
    const sha = await commitFile(repo, CHART, chart);
    const svc = new RepoService({ cacheDir: join(cache, 'svc') });
    const res = await render(svc, sha);
    const cm = res.objects.find((o) => o.metadata.name === 'deps-from-dependency');
    assert.deepEqual(cm?.['data'], { greeting: 'hi from the parent' });
    assert.ok(res.objects.some((o) => o.metadata.name === 'deps-parent'));
    assert.ok(
      requests.some((r) => r.endsWith('.tgz')),
      'the archive came from the declared repository',
    );

    // A hard refresh renders again, but the archive comes from the cache: no request at all.
    const seen = requests.length;
    const again = await render(svc, sha, true);
    assert.equal(again.cached, false);
    assert.deepEqual(again.objects, res.objects);
    assert.equal(requests.length, seen);

    // The shared checkout was never written: no charts/ folder, no lock file.
    const trees = join(cache, 'svc', 'git');
    const found = (await readdir(trees, { recursive: true })).filter((p) =>
      p.includes('with-dependency/charts'),
    );
    assert.deepEqual(found, []);
  });

  it('reports an unreachable dependency repository as a clear error', async () => {
    const chart = (await readFile(join(repo.dir, CHART), 'utf8')).replace(
      /repository: .*/,
      'repository: http://127.0.0.1:1',
    );
    const sha = await commitFile(repo, CHART, chart);
    const svc = new RepoService({ cacheDir: join(cache, 'svc2') });
    await assert.rejects(render(svc, sha), (e: unknown) => {
      assert.ok(e instanceof RenderError, String(e));
      assert.equal(e.reason, 'ChartNotFound');
      assert.match(
        e.message,
        /cannot reach chart repository http:\/\/127\.0\.0\.1:1 \(dependency dependency-lib in Chart\.yaml\)/,
      );
      assert.ok(e.hint);
      return true;
    });
  });
});
