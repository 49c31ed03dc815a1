import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { adminDiffCommand } from './admin-diff.js';

const fixtures = fileURLToPath(new URL('../../../../testdata/diff/deployment-drift/', import.meta.url));
const f = (name: string): string => fixtures + name;

/** Runs the command in-process, capturing stdout, stderr and the exit code it sets. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const saved = { stdout: process.stdout.write, stderr: process.stderr.write, exitCode: process.exitCode };
  process.stdout.write = ((s: string) => ((out.stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((out.stderr += s), true)) as typeof process.stderr.write;
  try {
    process.exitCode = undefined;
    await adminDiffCommand().exitOverride().parseAsync(args, { from: 'user' });
    return { code: Number(process.exitCode ?? 0), ...out };
  } finally {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    process.exitCode = saved.exitCode;
  }
}

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
