import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../common/log.js';
import { ManualTimers } from '../common/timers.js';
import type { Application } from '../model/index.js';
import { readImageConfig } from './annotations.js';
import { ImageError } from './errors.js';
import { ImageUpdater, type AppUpdates, type UpdaterPorts, type WriteOutcome } from './updater.js';
import { batchCommitMessage, batchEnabled, batchKey, groupWrites } from './write-batch.js';

const P = 'argocd-image-updater.argoproj.io/';

function app(name: string, extra: Record<string, string> = {}, repoURL = 'https://git.example/config.git') {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      annotations: { [`${P}image-list`]: 'api=r.io/team/api', [`${P}write-back-method`]: 'git', ...extra },
    },
    spec: {
      project: 'default',
      source: { repoURL, targetRevision: 'main', path: `apps/${name}` },
      destination: { server: 'https://kubernetes.default.svc', namespace: name },
    },
    status: { summary: { images: ['r.io/team/api:v1.0.0'] } },
  } as unknown as Application;
}

function pending(a: Application): AppUpdates {
  const config = readImageConfig(a.metadata.name, a.metadata.annotations ?? {});
  assert.ok(config);
  const spec = config.images[0];
  assert.ok(spec);
  return {
    app: a,
    config,
    updates: [
      {
        spec,
        from: { registry: 'r.io', repository: 'team/api', name: 'r.io/team/api', tag: 'v1.0.0' },
        to: { registry: 'r.io', repository: 'team/api', name: 'r.io/team/api', tag: 'v1.1.0' },
      },
    ],
  } as AppUpdates;
}

describe('one commit per batch of image updates', () => {
  it('is on only with git.commit-batch: "true"', () => {
    assert.equal(batchEnabled({ 'git.commit-batch': 'true' }), true);
    assert.equal(batchEnabled({ 'git.commit-batch': ' True ' }), true);
    assert.equal(batchEnabled({ 'git.commit-batch': 'false' }), false);
    assert.equal(batchEnabled(undefined), false);
  });

  it('batches git write-backs to one repository, branch, credentials and project; not argocd ones', () => {
    const [a, b] = [pending(app('a')), pending(app('b'))];
    assert.ok(batchKey(a));
    assert.equal(batchKey(a), batchKey(b));
    assert.notEqual(batchKey(a), batchKey(pending(app('c', {}, 'https://git.example/other.git'))));
    assert.notEqual(batchKey(a), batchKey(pending(app('d', { [`${P}git-branch`]: 'main:updates' }))));
    assert.notEqual(
      batchKey(a),
      batchKey(pending(app('e', { [`${P}write-back-method`]: 'git:secret:argocd/writer' }))),
    );
    assert.equal(batchKey(pending(app('f', { [`${P}write-back-method`]: 'argocd' }))), undefined);
    // A target branch templated per app keeps each app on its own branch.
    const t = { [`${P}git-branch`]: 'main:image-updater-{{.AppName}}' };
    assert.notEqual(batchKey(pending(app('g', t))), batchKey(pending(app('h', t))));
  });

  it('groups by key in first-seen order; no key is a group of one', () => {
    const items = ['a1', 'b1', 'x', 'a2', 'y', 'b2'];
    const key = (s: string) => (s.length === 2 ? s[0] : undefined);
    assert.deepEqual(groupWrites(items, key), [['a1', 'a2'], ['b1', 'b2'], ['x'], ['y']]);
  });

  it('names every app and image in the message; a template sees .AppName, .AppChanges and .Apps', () => {
    const batch = [pending(app('web')), pending(app('worker'))];
    assert.equal(
      batchCommitMessage(batch, undefined),
      "build: automatic update of web, worker\n\nweb: updates image r.io/team/api tag 'v1.0.0' to 'v1.1.0'\n" +
        "worker: updates image r.io/team/api tag 'v1.0.0' to 'v1.1.0'\n",
    );
    assert.match(
      batchCommitMessage([...batch, pending(app('c')), pending(app('d'))], undefined),
      /^build: automatic update of 4 applications\n/,
    );
    assert.equal(
      batchCommitMessage(
        batch,
        'deploy {{.AppName}}{{range .Apps}} [{{.AppName}}{{range .AppChanges}} {{.NewTag}}{{end}}]{{end}} ({{len .AppChanges}})',
      ),
      'deploy web, worker [web v1.1.0] [worker v1.1.0] (2)',
    );
  });
});

describe('the updater with batching ports', () => {
  const registry = {
    listTags: () => Promise.resolve(['v1.0.0', 'v1.1.0']),
    manifest: () =>
      Promise.resolve({ digest: `sha256:${'a'.repeat(64)}`, platforms: [], created: undefined }),
  };
  function run(apps: Application[], batching: boolean, writeBatch: UpdaterPorts['writeBatch']) {
    const calls: { single: string[]; batches: string[][]; events: string[] } = {
      single: [],
      batches: [],
      events: [],
    };
    const updater = new ImageUpdater({
      registry,
      timers: new ManualTimers(),
      intervalMs: () => 60_000,
      log: silentLogger,
      ports: {
        apps: () => apps,
        pullCredentials: () => Promise.resolve(undefined),
        write: (a) => {
          calls.single.push(a.metadata.name);
          return Promise.resolve(true);
        },
        batchKey: (u) => (batching ? batchKey(u) : undefined),
        writeBatch: async (batch) => {
          calls.batches.push(batch.map((u) => u.app.metadata.name));
          return writeBatch ? writeBatch(batch) : batch.map(() => ({ written: true }));
        },
        event: (a, type, reason) => calls.events.push(`${a.metadata.name} ${type} ${reason}`),
      },
    });
    return { calls, result: updater.runOnce(), stats: updater.stats };
  }

  it('writes the apps of one repository and branch in one batch, others alone', async () => {
    const apps = [app('a'), app('b'), app('c', { [`${P}write-back-method`]: 'argocd' })];
    const { calls, result, stats } = run(apps, true, undefined);
    assert.deepEqual(await result, { apps: 3, updated: 3, errors: 0 });
    assert.deepEqual(calls.batches, [['a', 'b']]);
    assert.deepEqual(calls.single, ['c']);
    assert.deepEqual(calls.events.sort(), [
      'a Normal ImagesUpdated',
      'b Normal ImagesUpdated',
      'c Normal ImagesUpdated',
    ]);
    assert.equal(stats.updated.get('b'), 1);
  });

  it('without batching every app is its own write', async () => {
    const { calls, result } = run([app('a'), app('b')], false, undefined);
    assert.equal((await result).updated, 2);
    assert.deepEqual([calls.batches, calls.single.sort()], [[], ['a', 'b']]);
  });

  it("one member's failure is that app's warning only; a member Git already had is no update", async () => {
    const outcomes = (batch: readonly AppUpdates[]): WriteOutcome[] =>
      batch.map((u) =>
        u.app.metadata.name === 'b'
          ? { error: new ImageError('no kustomization in apps/b', { reason: 'NotFound' }) }
          : { written: u.app.metadata.name === 'a' },
      );
    const { calls, result, stats } = run([app('a'), app('b'), app('c')], true, (b) =>
      Promise.resolve(outcomes(b)),
    );
    assert.deepEqual(await result, { apps: 3, updated: 1, errors: 1 });
    assert.deepEqual(calls.events.sort(), ['a Normal ImagesUpdated', 'b Warning NotFound']);
    assert.equal(stats.errors.get('b'), 1);
  });

  it('a batch write that fails as a whole is a failure of each member', async () => {
    const { calls, result } = run([app('a'), app('b')], true, () =>
      Promise.reject(new Error('push rejected four times')),
    );
    assert.deepEqual(await result, { apps: 2, updated: 0, errors: 2 });
    assert.deepEqual(calls.events.sort(), ['a Warning ImageUpdateFailed', 'b Warning ImageUpdateFailed']);
  });
});
