// Every benchmark answers --help with its usage and exit 0 before doing any work (no cluster, no server), and
// refuses an unknown option with exit 2; a new bench without a usage fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { exec } from '../../src/common/exec.js';
import { packageRoot } from '../../src/common/package-root.js';

/** Modules of bench/ that are parts of a bench (or a child process it starts), not a bench of their own. */
const PARTS = new Set([
  'api-calls',
  'api-committer',
  'api-driver',
  'api-list',
  'api-repo',
  'app-updates',
  'app-watch',
  'child-cpu',
  'controller-floors',
  'cpu-profile',
  'render-oci',
  'render-stall-driver',
  'shard-takeover',
  'shard-writes',
  'shards-steady',
  'stats',
  'usage',
]);

const dir = join(packageRoot(), 'dist', 'bench');
// From the sources, so that a compiled file left behind by a renamed bench does not count.
const benches = readdirSync(join(packageRoot(), 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3))
  .filter((b) => !PARTS.has(b));

test('every bench prints its usage for --help and exits 0 without running', async () => {
  assert.ok(benches.length >= 14, `benches found: ${benches.join(', ')}`);
  const runs = await Promise.all(
    benches.map(async (b) => ({
      b,
      // No kubeconfig and no cluster on purpose: a bench that started work would fail or hang here.
      r: await exec(process.execPath, [join(dir, `${b}.js`), '--help'], {
        env: { BENCH_KUBECONFIG: '/nonexistent', DRIFTLESS_E2E_KUBECONFIG: '/nonexistent' },
        timeoutMs: 120_000,
      }),
    })),
  );
  for (const { b, r } of runs) {
    assert.equal(r.exitCode, 0, `${b} --help: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^Usage: .*dist/bench/${b}\\.js`), `${b} --help printed: ${r.stdout}`);
  }
});

test('an unknown option is refused with exit 2 and the usage', async () => {
  const r = await exec(process.execPath, [join(dir, 'fleet.js'), '--aps', '3'], {
    env: { BENCH_KUBECONFIG: '/nonexistent' },
    timeoutMs: 120_000,
  });
  assert.equal(r.exitCode, 2);
  assert.match(r.stderr, /Unknown option '--aps'[\s\S]*Usage: node dist\/bench\/fleet\.js/);
});
