// Source-type detection in Argo CD's order: by the files at the top of the path, the last match in
// name order winning, so a kustomization beside Chart.yaml is Kustomize.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toolAvailable } from './testing/tool-available.js';
import { discoverSourceType } from './detect.js';
import { RepoService } from './repo-service.js';
import { makeFixtureRepo, type FixtureRepo } from './testing/fixture-repo.js';

describe('discoverSourceType', () => {
  const table: [string[], string][] = [
    [['deployment.yaml'], 'Directory'],
    [['Chart.yaml', 'values.yaml'], 'Helm'],
    [['kustomization.yaml', 'Chart.yaml'], 'Kustomize'],
    [['Chart.yaml', 'kustomization.yml'], 'Kustomize'],
    [['Kustomization', 'Chart.yaml'], 'Kustomize'],
    // Any name ending in Chart.yaml counts; after `kustomization.yaml` in name order, it wins.
    [['kustomization.yaml', 'zChart.yaml'], 'Helm'],
    [['kustomization.yaml.bak', 'chart.yaml'], 'Directory'],
  ];
  for (const [names, want] of table)
    it(`${names.join(', ')} → ${want}`, () => assert.equal(discoverSourceType(names), want));
});

describe(
  'detection through the repo service',
  { skip: toolAvailable('kustomize') && toolAvailable('helm') ? false : 'helm or kustomize not found' },
  () => {
    let repo: FixtureRepo;
    let cache: string;
    let svc: RepoService;
    const render = (path: string) =>
      svc.render({
        appName: 'd',
        appNamespace: 'argocd',
        source: { repoURL: repo.url, targetRevision: repo.sha, path },
      });
    before(async () => {
      repo = await makeFixtureRepo();
      cache = await mkdtemp(join(tmpdir(), 'driftless-detect-'));
      svc = new RepoService({ cacheDir: cache });
    });
    after(async () => {
      await rm(repo.dir, { recursive: true, force: true });
      await rm(cache, { recursive: true, force: true });
    });

    it('builds a folder with both Chart.yaml and kustomization.yaml with Kustomize', async () => {
      const res = await render('detect/both-files');
      assert.equal(res.sourceType, 'Kustomize');
      assert.deepEqual(
        res.objects.map((o) => o.metadata.name),
        ['from-kustomize'],
      );
      assert.equal(
        (await svc.appDetails({ repoURL: repo.url, targetRevision: repo.sha, path: 'detect/both-files' }))
          .type,
        'Kustomize',
      );
    });

    it('follows Argo CD’s name order to the letter (zChart.yaml after kustomization.yaml is Helm)', async () => {
      const source = {
        repoURL: repo.url,
        targetRevision: repo.sha,
        path: 'detect/my-chart-and-kustomization',
      };
      assert.deepEqual(await svc.appDetails(source), { type: 'Helm' });
    });
  },
);
