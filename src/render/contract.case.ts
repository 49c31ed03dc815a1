// The contract every renderer passes (run by each renderer's test): valid objects, the right
// source type, stable output, cached re-renders with no process, hard refresh, path escapes
// refused, and broken input reported as a typed RenderError.
import { missingTool } from '../common/testing/missing-tool.js';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApplicationSource, KubeObject } from '../model/index.js';
import { RenderError, type RenderErrorReason } from './errors.js';
import { RepoService } from './repo-service.js';
import { makeFixtureRepo, type FixtureRepo } from './testing/fixture-repo.js';
import { toolAvailable } from './testing/tool-available.js';
import type { ToolName } from './tools.js';
import type { SourceType } from './types.js';

export interface RendererContractCase {
  name: string;
  type: SourceType;
  /** The tool the renderer needs; the suite is skipped when it cannot be found. */
  tool?: ToolName;
  /** A source (without repoURL) that renders; `check` looks at the objects. */
  good: Omit<ApplicationSource, 'repoURL'>;
  check(objects: KubeObject[]): void;
  /** A source that must fail, and how. */
  broken: Omit<ApplicationSource, 'repoURL'>;
  brokenReason: RenderErrorReason;
}

export function runRendererContract(c: RendererContractCase): void {
  describe(
    `renderer contract: ${c.name}`,
    { skip: !c.tool || toolAvailable(c.tool) ? false : missingTool(c.tool) },
    () => {
      let repo: FixtureRepo;
      let cacheDir: string;
      let svc: RepoService;
      const req = (source: Omit<ApplicationSource, 'repoURL'>, extra: { noCache?: boolean } = {}) => ({
        appName: 'contract',
        appNamespace: 'argocd',
        destinationNamespace: 'default',
        kubeVersion: '1.34.4',
        source: { repoURL: repo.url, targetRevision: repo.sha, ...source },
        ...extra,
      });

      before(async () => {
        repo = await makeFixtureRepo();
        cacheDir = await mkdtemp(join(tmpdir(), 'driftless-contract-'));
        svc = new RepoService({ cacheDir });
      });
      after(async () => {
        await rm(repo.dir, { recursive: true, force: true });
        await rm(cacheDir, { recursive: true, force: true });
      });

      it('renders valid objects of the expected source type', async () => {
        const res = await svc.render(req(c.good));
        assert.equal(res.sourceType, c.type);
        assert.equal(res.revision, repo.sha);
        assert.equal(res.cached, false);
        assert.ok(res.objects.length > 0);
        for (const o of res.objects) {
          assert.ok(
            o.apiVersion && o.kind && o.metadata.name,
            `incomplete object ${JSON.stringify(o).slice(0, 80)}`,
          );
        }
        c.check(res.objects);
      });

      it('serves an unchanged key from cache without starting a process', async () => {
        const first = await svc.render(req(c.good));
        const before = svc.stats();
        const again = await svc.render(req(c.good));
        assert.equal(again.cached, true);
        assert.deepEqual(again.objects, first.objects);
        assert.equal(svc.stats().toolSpawns, before.toolSpawns);
        assert.equal(svc.stats().gitSpawns, before.gitSpawns);
      });

      it('renders again on hard refresh, with the same output', async () => {
        const first = await svc.render(req(c.good));
        const hard = await svc.render(req(c.good, { noCache: true }));
        assert.equal(hard.cached, false);
        assert.deepEqual(hard.objects, first.objects);
      });

      it('refuses a path that leaves the repository', async () => {
        await assert.rejects(svc.render(req({ ...c.good, path: '../..' })), (e: unknown) => {
          assert.ok(e instanceof RenderError);
          assert.equal(e.reason, 'PathEscape');
          assert.ok(e.hint);
          return true;
        });
      });

      it('reports broken input as a typed error with a hint', async () => {
        await assert.rejects(svc.render(req(c.broken)), (e: unknown) => {
          assert.ok(e instanceof RenderError, `expected RenderError, got ${String(e)}`);
          assert.equal(e.reason, c.brokenReason);
          assert.ok(e.hint);
          return true;
        });
      });
    },
  );
}
