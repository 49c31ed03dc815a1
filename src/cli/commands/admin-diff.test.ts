import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runInProcess } from '../testing/run-in-process.js';
import { adminDiffCommand } from './admin-diff.js';

const fixtures = fileURLToPath(new URL('../../../../testdata/diff/deployment-drift/', import.meta.url));
const f = (name: string): string => fixtures + name;

const run = (...args: string[]) => runInProcess(adminDiffCommand(), args);

test('admin diff exit codes and output', async () => {
  assert.equal((await run(f('desired.yaml'), f('desired.yaml'))).code, 0);
  const diff = await run(f('desired.yaml'), f('live.yaml'));
  assert.equal(diff.code, 1);
  assert.match(diff.stdout, /^- {8}- image: nginx:1.27$/m);
  const json = await run(f('desired.yaml'), f('live.yaml'), '-o', 'json');
  assert.equal((JSON.parse(json.stdout) as { equal: boolean }).equal, false);
  const ignored = await run(f('desired.yaml'), f('live.yaml'), '--ignore-differences', f('ignore.yaml'));
  assert.equal(ignored.code, 1);
  assert.doesNotMatch(ignored.stdout, /nginx/);
  const missing = await run(f('nope.yaml'), f('live.yaml'));
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, `error: cannot read ${f('nope.yaml')}: no such file\nhint: check the path\n`);
  const badRules = await run(f('desired.yaml'), f('live.yaml'), '--ignore-differences', f('desired.yaml'));
  assert.equal(badRules.code, 2);
  assert.match(badRules.stderr, /^error: .*\nhint: .*\n$/);
});

test('admin diff: one object per file compares those two, the namespace taken from live', async () => {
  const one = fileURLToPath(new URL('../../../../testdata/diff/one-object/', import.meta.url));
  const same = await run(`${one}desired.yaml`, `${one}live.yaml`);
  assert.equal(same.code, 0, same.stdout);
  const changed = await run(`${one}desired.yaml`, `${one}live-changed.yaml`, '-o', 'json');
  assert.equal(changed.code, 1);
  const res = JSON.parse(changed.stdout) as { resources: { resource: string; status: string }[] };
  assert.deepEqual(res.resources, [
    { ...res.resources[0], resource: 'ConfigMap shop/settings', status: 'modified' },
  ]);
});
