// Prints: cold build time (only with --cold, into a fresh temporary cache), warm start time to ready,
// and resident memory of each control-plane process after start. No assertions.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterDown, clusterUp, COMPONENTS, ensureBuilt } from '../src/localcluster/index.js';
import { benchArgs } from './usage.js';

const USAGE = `
Usage: [RUNS=3] node dist/bench/cluster-start.js [--cold]
Warm start time of a local control plane to ready (RUNS times) and each process's resident memory.
  --cold      first build every component into an empty temporary cache and time it
  -h, --help  this text`;
const args = benchArgs(USAGE, { cold: { type: 'boolean' } });

const cold = args.cold === true;
const name = `bench-${process.pid}`;

if (cold) {
  process.env.DRIFTLESS_CACHE = mkdtempSync(join(tmpdir(), 'driftless-cold-cache-'));
  const t0 = performance.now();
  await ensureBuilt(COMPONENTS, (m) => process.stderr.write(m + '\n'));
  console.log(
    `cold build (all components, empty cache ${process.env.DRIFTLESS_CACHE}): ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
} else {
  console.log('cold build: skipped (run with --cold to build everything into an empty temporary cache)');
}

const runs = Number(process.env.RUNS ?? 3);
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const status = await clusterUp({ name });
  times.push((performance.now() - t0) / 1000);
  if (i === runs - 1) {
    let total = 0;
    for (const p of status.processes) {
      total += p.rssBytes;
      console.log(`rss ${p.name.padEnd(24)} ${(p.rssBytes / 2 ** 20).toFixed(0).padStart(5)} MiB`);
    }
    console.log(`rss total                    ${(total / 2 ** 20).toFixed(0).padStart(5)} MiB`);
  }
  await clusterDown(name, { purge: i === runs - 1 });
}
times.sort((a, b) => a - b);
console.log(
  `warm start to ready (${runs} runs): min ${times[0]?.toFixed(1)} s, median ${times[Math.floor(times.length / 2)]?.toFixed(1)} s`,
);
