import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ResourceIgnoreDifferences } from '../model/index.js';
import { diffFiles } from './diff-files.js';

const dir = new URL('../../../testdata/diff/deployment-drift/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');

/** Golden text; regenerate with UPDATE_GOLDEN=1 after checking the new output by eye. */
function golden(name: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(new URL(name, dir), actual);
  assert.equal(actual, read(name));
}

test('diff of the fixture matches the golden text', () => {
  const r = diffFiles(read('desired.yaml'), read('live.yaml'));
  assert.equal(r.equal, false);
  assert.deepEqual(
    r.resources.map((x) => `${x.resource} ${x.status}`),
    [
      'Deployment.apps prod/web modified',
      'Secret prod/creds modified',
      'ConfigMap prod/settings equal',
      'ConfigMap prod/leftover extra',
    ],
  );
  assert.ok(!r.text.includes('aHVudGVy') && !r.text.includes('hunter'), 'secret values leaked');
  golden('expected.txt', r.text);
});

test('ignoreDifferences from a file makes the known drift go away', () => {
  const ignore = parse(read('ignore.yaml')) as ResourceIgnoreDifferences[];
  const r = diffFiles(read('desired.yaml'), read('live.yaml'), ignore);
  assert.deepEqual(
    r.resources.filter((x) => x.status !== 'equal').map((x) => x.resource),
    ['ConfigMap prod/leftover'],
  );
});

test('equal manifests', () => {
  const r = diffFiles(read('desired.yaml'), read('desired.yaml'));
  assert.deepEqual(r, { equal: true, text: '', resources: r.resources });
});

test('bad input is an AbortError with a hint', () => {
  assert.throws(
    () => diffFiles('a: [', ''),
    (e: unknown) => e instanceof Error && 'hint' in e && /invalid YAML/.test(e.message),
  );
  assert.throws(() => diffFiles('just: text', ''), /not a Kubernetes object/);
});
