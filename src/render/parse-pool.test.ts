// The parse pool: objects and typed errors come back from the worker thread as from parseManifests.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RenderError } from './errors.js';
import { ParsePool } from './parse-pool.js';

const pool = new ParsePool();
after(() => pool.close());

test('a file is read and parsed on the worker, with file and line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'driftless-pool-'));
  try {
    await writeFile(join(dir, 'a.yaml'), '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    const objs = await pool.parseFile(join(dir, 'a.yaml'), { file: 'a.yaml', tool: 'directory' });
    assert.deepEqual(objs, [
      { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }, file: 'a.yaml', line: 2 },
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a render error keeps its reason, location and hint across the thread', async () => {
  await assert.rejects(
    pool.parseText('a: [1\n', { file: 'bad.yaml', tool: 'helm' }),
    (e: unknown) =>
      e instanceof RenderError &&
      e.reason === 'InvalidManifest' &&
      e.tool === 'helm' &&
      e.file === 'bad.yaml' &&
      /^bad\.yaml:\d+: YAML syntax error/.test(e.message) &&
      e.hint !== undefined,
  );
});

test('a missing file is a clear render error, and the pool keeps working', async () => {
  await assert.rejects(
    pool.parseFile('/nonexistent/x.yaml', { file: 'x.yaml', tool: 'directory' }),
    (e: unknown) => e instanceof RenderError && /cannot read/.test(e.message),
  );
  assert.equal((await pool.parseText('', { tool: 'directory' })).length, 0);
});

test('jsonnet output (JSON: an array, a List, a depth limit) is parsed on the worker too', async () => {
  const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  const json = JSON.stringify([cm('a'), { apiVersion: 'v1', kind: 'List', items: [cm('b')] }]);
  const objs = await pool.parseText(json, { file: 'main.jsonnet', tool: 'jsonnet', format: 'json' });
  assert.deepEqual(
    objs.map((o) => [o.object.metadata.name, o.file]),
    [
      ['a', 'main.jsonnet'],
      ['b', 'main.jsonnet'],
    ],
  );
  await assert.rejects(
    pool.parseText('{not json', { file: 'main.jsonnet', tool: 'jsonnet', format: 'json' }),
    (e: unknown) => e instanceof RenderError && /jsonnet output is not JSON/.test(e.message),
  );
  const deep = JSON.stringify({
    ...cm('deep'),
    data: JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown,
  });
  await assert.rejects(
    pool.parseText(deep, {
      tool: 'jsonnet',
      format: 'json',
      limits: { maxDepth: 10, maxYamlAliases: 100 },
    }),
    (e: unknown) => e instanceof RenderError && e.reason === 'LimitExceeded',
  );
});
