#!/usr/bin/env node
// Adds up the closing counts of node:test and Vitest logs into one line ("N passed, N failed, N skipped"),
// then lists every skipped suite and test with its reason. Exits 1 when a skip says a tool the README
// installs is missing (`missing tool <name>: …`, see src/common/testing/missing-tool.ts): a hidden suite
// is not a pass. DRIFTLESS_ALLOW_MISSING_TOOLS=1 reports those without failing.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

let pass = 0;
let fail = 0;
let skipped = 0;
/** `log: name — reason` of each skipped suite or test. */
const skips = [];
const missingTools = new Set();

for (const f of process.argv.slice(2)) {
  let text = '';
  try {
    text = readFileSync(f, 'utf8');
  } catch {
    continue;
  }
  // eslint-disable-next-line no-control-regex
  text = text.replace(/\x1b\[[0-9;]*m/g, '');
  const n = (re) => [...text.matchAll(re)].reduce((s, m) => s + Number(m[1] ?? 0), 0);
  // node:test (tap or spec reporter)
  pass += n(/^[#ℹ] pass (\d+)$/gm);
  fail += n(/^[#ℹ] fail (\d+)$/gm) + n(/^[#ℹ] cancelled (\d+)$/gm);
  skipped += n(/^[#ℹ] skipped (\d+)$/gm) + n(/^[#ℹ] todo (\d+)$/gm);
  // Vitest: "Tests  3 failed | 41 passed | 2 skipped (46)"
  for (const m of text.matchAll(/^\s*Tests\s+(.*)\(\d+\)\s*$/gm)) {
    const line = m[1] ?? '';
    pass += Number(/(\d+) passed/.exec(line)?.[1] ?? 0);
    fail += Number(/(\d+) failed/.exec(line)?.[1] ?? 0);
    skipped += Number(/(\d+) skipped/.exec(line)?.[1] ?? 0) + Number(/(\d+) todo/.exec(line)?.[1] ?? 0);
  }
  // Skipped suites and tests: node:test's spec reporter prints "﹣ name (1.2ms) # reason" (tap: "# SKIP reason"),
  // Vitest's verbose reporter "↓ name". The spec reporter repeats failures at the end; count each line once.
  const seen = new Set();
  for (const m of text.matchAll(
    /^\s*(?:﹣ (.+?) \([\d.]+m?s\) # (.*)|ok \d+ - (.+?) # SKIP ?(.*)|↓ (.+?)(?: \[skipped\])?)\s*$/gm,
  )) {
    const name = m[1] ?? m[3] ?? m[5] ?? '';
    const reason = m[2] ?? m[4] ?? 'skipped';
    const entry = `${basename(f)}: ${name} — ${reason}`;
    if (seen.has(entry)) continue;
    seen.add(entry);
    skips.push(entry);
    const tool = /missing tool ([\w-]+)/.exec(reason)?.[1];
    if (tool) missingTools.add(tool);
  }
}

console.log(`${pass} passed, ${fail} failed, ${skipped} skipped`);
if (skips.length > 0) {
  console.log('skipped:');
  for (const s of skips) console.log(`  ${s}`);
}
if (missingTools.size > 0) {
  const tools = [...missingTools].join(', ');
  if (process.env.DRIFTLESS_ALLOW_MISSING_TOOLS === '1') {
    console.log(
      `suites were skipped for missing tools (${tools}); allowed by DRIFTLESS_ALLOW_MISSING_TOOLS=1`,
    );
  } else {
    console.log(
      `FAILED: suites were skipped because ${tools} ${missingTools.size > 1 ? 'are' : 'is'} missing; ` +
        'run scripts/install-prereqs.sh (or set DRIFTLESS_ALLOW_MISSING_TOOLS=1 to accept the gap)',
    );
    process.exitCode = 1;
  }
}
