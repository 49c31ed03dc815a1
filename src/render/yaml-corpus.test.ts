// The YAML corpus (testdata/yaml-corpus): every case reads as kubectl (go-yaml) read it when its
// expected result was recorded by scripts/yaml-corpus-expect.sh — the same objects, or an error.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../common/package-root.js';
import { RenderError } from './errors.js';
import { parseManifests } from './parse-manifests.js';

const dir = join(packageRoot(), 'testdata', 'yaml-corpus');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

interface Expected {
  objects?: unknown[];
  error?: string;
}

/** kubectl's recorded result, or where Driftless deliberately differs (`CASE.driftless.json`, with why). */
function expectation(c: string): { expected: Expected; deviates: boolean } {
  const kubectl = JSON.parse(
    readFileSync(join(dir, c.replace(/\.yaml$/, '.expected.json')), 'utf8'),
  ) as Expected;
  const own = join(dir, c.replace(/\.yaml$/, '.driftless.json'));
  if (!existsSync(own)) return { expected: kubectl, deviates: false };
  return { expected: JSON.parse(readFileSync(own, 'utf8')) as Expected & { why: string }, deviates: true };
}

describe('YAML corpus read as go-yaml reads it', () => {
  it('has cases, each with a recorded expectation', () => {
    assert.ok(cases.length >= 20);
    for (const c of cases) assert.ok(readdirSync(dir).includes(c.replace(/\.yaml$/, '.expected.json')), c);
  });
  for (const c of cases) {
    it(c, () => {
      const text = readFileSync(join(dir, c), 'utf8');
      const { expected, deviates } = expectation(c);
      const read = () =>
        parseManifests(text, { file: c, tool: 'directory' }).map(({ object }) => {
          // kubectl's printer leaves metadata.managedFields out of what it shows; so must the comparison.
          delete object.metadata.managedFields;
          return object;
        });
      if (expected.error !== undefined) {
        assert.throws(read, (e: unknown) => {
          assert.ok(e instanceof RenderError, String(e));
          assert.equal(e.file, c);
          const line = /line (\d+)/.exec(expected.error ?? '')?.[1];
          if (line) assert.equal(e.line, Number(line), `${e.message} vs kubectl: ${expected.error}`);
          if (deviates)
            assert.ok(e.message.endsWith((expected.error ?? '').replace(/^line \d+: /, '')), e.message);
          return true;
        });
        return;
      }
      assert.deepEqual(read(), expected.objects);
    });
  }
});
