// The test summary (scripts/summarize-tests.mjs, run by scripts/test.sh): skipped suites show in the totals
// and by name, and a suite skipped because a README tool is missing fails the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../../src/common/exec.js';
import { packageRoot } from '../../src/common/package-root.js';
import { missingTool } from '../../src/common/testing/missing-tool.js';

/** A node:test spec-reporter log with one skipped suite, and a Vitest one. */
const nodeLog = (reason: string) => `▶ helm renders
  ﹣ a chart with values (0.4ms) # ${reason}
✔ plain directory (3.1ms)
ℹ tests 3
ℹ pass 2
ℹ fail 0
ℹ cancelled 0
ℹ skipped 1
ℹ todo 0
`;
const vitestLog = ` ✓ src/lib/filters.test.ts (4 tests) 12ms
      Tests  4 passed (4)
`;

async function summarize(logs: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'driftless-summary-'));
  try {
    const files = logs.map((text, i) => {
      const f = join(dir, `log${i}.log`);
      writeFileSync(f, text);
      return f;
    });
    return await exec(process.execPath, [join(packageRoot(), 'scripts/summarize-tests.mjs'), ...files], {
      env: { DRIFTLESS_ALLOW_MISSING_TOOLS: undefined, ...env },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('skips are counted and listed by name; a missing README tool fails the run', async () => {
  const r = await summarize([nodeLog(missingTool('helm')), vitestLog]);
  assert.match(r.stdout, /^6 passed, 0 failed, 1 skipped$/m);
  assert.match(r.stdout, /log0\.log: a chart with values — missing tool helm/);
  assert.match(r.stdout, /FAILED: suites were skipped because helm is missing/);
  assert.equal(r.exitCode, 1);
});

test('DRIFTLESS_ALLOW_MISSING_TOOLS=1 reports the gap without failing; other skips never fail', async () => {
  const allowed = await summarize([nodeLog(missingTool('helm'))], { DRIFTLESS_ALLOW_MISSING_TOOLS: '1' });
  assert.equal(allowed.exitCode, 0);
  assert.match(allowed.stdout, /allowed by DRIFTLESS_ALLOW_MISSING_TOOLS=1/);
  const plain = await summarize([nodeLog('needs a second cluster')]);
  assert.equal(plain.exitCode, 0);
  assert.match(plain.stdout, /^2 passed, 0 failed, 1 skipped$/m);
  assert.match(plain.stdout, /a chart with values — needs a second cluster/);
});
