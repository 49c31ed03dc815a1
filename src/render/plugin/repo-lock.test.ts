// lockRepo: the lock alone (order, failures release it), and two renders of one repository through the
// RepoService whose plugin commands log their start and end: with lockRepo they never overlap, without it
// they do.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RepoService } from '../repo-service.js';
import { repoWithFiles, writeFiles } from '../testing/fixture-repo.js';
import { RepoLock } from './repo-lock.js';

describe('RepoLock', () => {
  it('runs calls with one key in call order, one at a time, and other keys alongside', async () => {
    const lock = new RepoLock();
    const log: string[] = [];
    let openA: () => void = () => {};
    const gateA = new Promise<void>((r) => (openA = r));
    const first = lock.run('repo', async () => {
      log.push('first start');
      await gateA;
      log.push('first end');
    });
    const second = lock.run('repo', async () => {
      log.push('second start');
      return 2;
    });
    const other = lock.run('other-repo', async () => {
      log.push('other');
      return 'o';
    });
    assert.equal(await other, 'o');
    assert.deepEqual(log, ['first start', 'other']);
    openA();
    assert.equal(await second, 2);
    await first;
    assert.deepEqual(log, ['first start', 'other', 'first end', 'second start']);
    assert.equal(lock.held, 0);
  });

  it('lets the next call run when one fails', async () => {
    const lock = new RepoLock();
    const failed = lock.run('repo', () => Promise.reject(new Error('boom')));
    const next = lock.run('repo', () => Promise.resolve('ran'));
    await assert.rejects(failed, /boom/);
    assert.equal(await next, 'ran');
  });
});

describe('lockRepo through the RepoService (plugin commands unconfined so they can share a log)', () => {
  let dir = '';
  let pluginDir = '';
  let cacheDir = '';
  let shared = '';
  let svc: RepoService;
  // Logs its start, waits (at most `tenths` × 0.1 s) until another render has started, then logs its end:
  // two overlapping renders both see each other; serialised ones wait out the limit.
  const plugin = (name: string, lockRepo: boolean, tenths: number) =>
    [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: ConfigManagementPlugin',
      `metadata: {name: ${name}}`,
      'spec:',
      `  lockRepo: ${lockRepo}`,
      '  generate:',
      '    command: [sh, -c]',
      '    args:',
      `      - |`,
      `        log=${join(shared, `${name}.log`)}`,
      '        me=$ARGOCD_APP_SOURCE_PATH',
      '        echo "start $me" >> "$log"',
      '        i=0',
      `        while [ $i -lt ${tenths} ] && [ "$(grep -c start "$log")" -lt 2 ]; do sleep 0.1; i=$((i+1)); done`,
      '        echo "end $me" >> "$log"',
      `        echo "{apiVersion: v1, kind: ConfigMap, metadata: {name: $me}}"`,
      '',
    ].join('\n');

  before(async () => {
    ({ dir } = await repoWithFiles({ 'a/README': 'a', 'b/README': 'b' }));
    pluginDir = await mkdtemp(join(tmpdir(), 'driftless-cmp-lock-plugins-'));
    cacheDir = await mkdtemp(join(tmpdir(), 'driftless-cmp-lock-cache-'));
    shared = await mkdtemp(join(tmpdir(), 'driftless-cmp-lock-shared-'));
    await writeFiles(pluginDir, {
      'locked.yaml': plugin('locked', true, 20),
      'free.yaml': plugin('free', false, 200),
    });
    svc = new RepoService({
      cacheDir,
      pluginDir,
      sandbox: 'off',
      credentials: { accessFor: () => ({}), sshKnownHosts: () => '', tlsCertsFor: () => undefined },
    });
  });
  after(async () => {
    for (const d of [dir, pluginDir, cacheDir, shared]) await rm(d, { recursive: true, force: true });
  });

  const renderBoth = async (name: string) => {
    const render = (path: string) =>
      svc.render({
        appName: `lock-${path}`,
        appNamespace: 'argocd',
        source: { repoURL: `file://${dir}`, targetRevision: 'main', path, plugin: { name } },
      });
    const results = await Promise.all([render('a'), render('b')]);
    assert.deepEqual(
      results.map((r) => r.objects[0]?.metadata.name),
      ['a', 'b'],
    );
    return (await readFile(join(shared, `${name}.log`), 'utf8')).trim().split('\n');
  };

  it('with lockRepo, one render’s commands end before the other’s start', async () => {
    const log = await renderBoth('locked');
    assert.equal(log.length, 4, log.join('\n'));
    assert.match(log[0] ?? '', /^start /);
    assert.equal(log[1], log[0]?.replace('start', 'end'), log.join('\n'));
  });

  it('without it, the two renders run at once', async () => {
    const log = await renderBoth('free');
    assert.deepEqual(
      log.map((l) => l.split(' ')[0]),
      ['start', 'start', 'end', 'end'],
      log.join('\n'),
    );
  });
});
