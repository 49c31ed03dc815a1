// Multi-source Helm: `$ref/path` value files and file parameters read from the checkout of the source
// with that ref (another repository), and a ref that no source has is a clear error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingTool } from '../common/testing/missing-tool.js';
import { RenderError } from './errors.js';
import { RepoService } from './repo-service.js';
import { commitFile, git, type FixtureRepo } from './testing/fixture-repo.js';
import { toolAvailable } from './testing/tool-available.js';

async function emptyRepo(): Promise<FixtureRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'driftless-helm-refs-'));
  await git(dir, 'init', '--quiet', '--initial-branch=main');
  await git(dir, 'commit', '--quiet', '--allow-empty', '-m', 'start');
  return { dir, url: `file://${dir}`, sha: await git(dir, 'rev-parse', 'HEAD') };
}

describe(
  'helm $ref value files and file parameters',
  { skip: toolAvailable('helm') ? false : missingTool('helm') },
  () => {
    let chart: FixtureRepo;
    let values: FixtureRepo;
    let cacheDir = '';
    let svc: RepoService;

    before(async () => {
      chart = await emptyRepo();
      values = await emptyRepo();
      await commitFile(chart, 'chart/Chart.yaml', 'apiVersion: v2\nname: motd\nversion: 0.1.0\n');
      await commitFile(
        chart,
        'chart/templates/cm.yaml',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: motd}\ndata:\n  motd: {{ .Values.motd | quote }}\n  color: {{ .Values.color | quote }}\n',
      );
      await commitFile(values, 'envs/prod/values.yaml', 'color: blue\n');
      await commitFile(values, 'envs/prod/motd.txt', 'hello from the values repo');
      cacheDir = await mkdtemp(join(tmpdir(), 'driftless-helm-refs-cache-'));
      svc = new RepoService({ cacheDir });
    });
    after(async () => {
      for (const d of [chart.dir, values.dir, cacheDir]) await rm(d, { recursive: true, force: true });
    });

    const render = (helm: Record<string, unknown>) =>
      svc.render({
        appName: 'refs',
        appNamespace: 'argocd',
        destinationNamespace: 'default',
        source: { repoURL: chart.url, targetRevision: 'main', path: 'chart', helm },
        refs: { values: { repoURL: values.url, targetRevision: 'main' } },
      });

    it('reads both from the ref source', async () => {
      const res = await render({
        valueFiles: ['$values/envs/prod/values.yaml'],
        fileParameters: [{ name: 'motd', path: '$values/envs/prod/motd.txt' }],
      });
      const data = (res.objects[0] as unknown as { data: Record<string, string> }).data;
      assert.deepEqual(data, { motd: 'hello from the values repo', color: 'blue' });
    });

    it('names a file parameter whose ref no source has', async () => {
      await assert.rejects(
        render({ fileParameters: [{ name: 'motd', path: '$other/motd.txt' }] }),
        (e: unknown) =>
          e instanceof RenderError &&
          /helm file parameter "\$other\/motd.txt" names a source ref that is not in spec.sources/.test(
            e.message,
          ),
      );
    });
  },
);
