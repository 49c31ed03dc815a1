import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../common/log.js';
import { ManualTimers } from '../common/timers.js';
import type { Application } from '../model/index.js';
import { ImageUpdater } from './updater.js';
import { commitMessage } from './write-back.js';

const P = 'argocd-image-updater.argoproj.io/';

const app = (annotations: Record<string, string>) =>
  ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: 'api',
      namespace: 'argocd',
      annotations: { [`${P}image-list`]: 'api=r.io/team/api', ...annotations },
    },
    spec: {
      project: 'default',
      source: { repoURL: 'https://git.example/c.git', path: 'api' },
      destination: {},
    },
    status: { summary: { images: ['r.io/team/api:v1.0.0'] } },
  }) as unknown as Application;

/** One pass over `a` against a registry whose v1.1.0 exists for `platforms`. */
async function pass(a: Application, platforms: string[]) {
  const writes: string[] = [];
  const events: string[] = [];
  const updater = new ImageUpdater({
    registry: {
      listTags: () => Promise.resolve(['v1.0.0', 'v1.1.0', 'latest']),
      manifest: () => Promise.resolve({ digest: `sha256:${'c'.repeat(64)}`, platforms, created: undefined }),
    },
    timers: new ManualTimers(),
    intervalMs: () => 60_000,
    log: silentLogger,
    ports: {
      apps: () => [a],
      pullCredentials: () => Promise.resolve(undefined),
      write: (_a, _c, updates) => {
        writes.push(...updates.map((u) => `${u.to.name}:${u.to.tag ?? ''}`));
        return Promise.resolve(true);
      },
      event: (_a, type, reason, message) => events.push(`${type} ${reason}: ${message}`),
    },
  });
  return { result: await updater.runOnce(), writes, events };
}

describe('the updater and platforms', () => {
  it('writes the new tag when it exists for the default platform (linux/amd64)', async () => {
    const { writes, events } = await pass(app({}), ['linux/amd64', 'linux/arm64/v8']);
    assert.deepEqual(writes, ['r.io/team/api:v1.1.0']);
    assert.match(events[0] ?? '', /^Normal ImagesUpdated: updated r\.io\/team\/api v1\.0\.0 → v1\.1\.0$/);
  });

  it('writes nothing, with one PlatformMissing warning, when the image lacks a wanted platform', async () => {
    const { result, writes, events } = await pass(app({ [`${P}api.platforms`]: 'linux/arm64,linux/s390x' }), [
      'linux/amd64',
      'linux/arm64/v8',
    ]);
    assert.deepEqual(writes, []);
    assert.equal(result.errors, 1);
    assert.match(
      events[0] ?? '',
      /^Warning PlatformMissing: r\.io\/team\/api:v1\.1\.0 does not exist for linux\/s390x.*\(push the image for that platform, or set the platforms annotation\)$/,
    );
  });
});

describe('the per-app commit message', () => {
  const a = app({});
  const updates = [
    {
      spec: { image: { name: 'r.io/team/api' } },
      from: { name: 'r.io/team/api', tag: 'v1.0.0' },
      to: { name: 'r.io/team/api', tag: 'v1.1.0' },
    },
  ] as unknown as Parameters<typeof commitMessage>[1];
  it("defaults to Image Updater's message", () => {
    assert.equal(
      commitMessage(a, updates, undefined),
      "build: automatic update of api\n\nupdates image r.io/team/api tag 'v1.0.0' to 'v1.1.0'\n",
    );
  });
  it('renders git.commit-message-template over .AppName and .AppChanges', () => {
    assert.equal(
      commitMessage(
        a,
        updates,
        '{{.AppName}}:{{range .AppChanges}} {{.Image}} {{.OldTag}}->{{.NewTag}}{{end}}',
      ),
      'api: r.io/team/api v1.0.0->v1.1.0',
    );
  });
});
