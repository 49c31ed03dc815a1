// The plugin catalog on a real folder with an injected clock: one look at the folder serves the renders
// of a second, a changed file shows after it, a ConfigMap change shows at once, a broken file is named.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PluginConfigText } from '../../git/index.js';
import { PLUGIN_RESCAN_MS, PluginCatalog } from './plugin-catalog.js';

const plugin = (name: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: ConfigManagementPlugin\nmetadata:\n  name: ${name}\n` +
  `spec:\n  generate:\n    command: [sh, -c, "true"]\n`;

describe('plugin catalog', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plugin-catalog-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('shares one look at the folder for a second, then sees a new file; a ConfigMap change shows at once', async () => {
    await writeFile(join(dir, 'a.yaml'), plugin('a'));
    let now = 1_000_000;
    let cms: readonly PluginConfigText[] = [];
    const catalog = new PluginCatalog(
      dir,
      () => cms,
      () => now,
    );
    const names = async () => (await catalog.load()).plugins.map((p) => p.name);

    assert.deepEqual(await names(), ['a']);
    await writeFile(join(dir, 'b.yaml'), plugin('b'));
    now += PLUGIN_RESCAN_MS - 1;
    assert.deepEqual(await names(), ['a'], 'within the window the folder is not read again');
    now += 1;
    assert.deepEqual(await names(), ['a', 'b']);

    cms = [{ origin: 'ConfigMap argocd/cmp key c.yaml', text: plugin('c') }];
    assert.deepEqual(await names(), ['a', 'b', 'c'], 'a new ConfigMap snapshot shows without waiting');
    const first = await catalog.load();
    cms = [{ origin: 'ConfigMap argocd/cmp key c.yaml', text: plugin('c2') }];
    const second = await catalog.load();
    assert.notEqual(first.fingerprint, second.fingerprint);
    assert.deepEqual(
      second.plugins.map((p) => p.name),
      ['a', 'b', 'c2'],
    );
  });

  it('names a broken file and keeps the others; concurrent loads share one read', async () => {
    const own = await mkdtemp(join(tmpdir(), 'plugin-catalog-broken-'));
    try {
      await writeFile(join(own, 'good.yaml'), plugin('good'));
      await writeFile(join(own, 'bad.yaml'), 'kind: Nope\n');
      const catalog = new PluginCatalog(
        own,
        () => [],
        () => 0,
      );
      const [x, y] = [catalog.load(), catalog.load()];
      assert.equal(x, y);
      const set = await x;
      assert.deepEqual(
        set.plugins.map((p) => p.name),
        ['good'],
      );
      assert.equal(set.problems.length, 1);
      assert.match(set.problems[0] ?? '', /bad\.yaml/);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});
