#!/usr/bin/env node
// Adds up the closing counts of node:test and Vitest logs into one line: "N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

let pass = 0;
let fail = 0;
let skipped = 0;
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
}
console.log(`${pass} passed, ${fail} failed, ${skipped} skipped`);
