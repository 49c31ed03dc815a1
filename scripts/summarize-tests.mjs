#!/usr/bin/env node
// Adds up node:test's closing counts from several logs into one line: "N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

let pass = 0,
  fail = 0,
  skipped = 0;
for (const f of process.argv.slice(2)) {
  let text = '';
  try {
    text = readFileSync(f, 'utf8');
  } catch {
    continue;
  }
  const n = (re) => [...text.matchAll(re)].reduce((s, m) => s + Number(m[1]), 0);
  pass += n(/^[#ℹ] pass (\d+)$/gm);
  fail += n(/^[#ℹ] fail (\d+)$/gm) + n(/^[#ℹ] cancelled (\d+)$/gm);
  skipped += n(/^[#ℹ] skipped (\d+)$/gm) + n(/^[#ℹ] todo (\d+)$/gm);
}
console.log(`${pass} passed, ${fail} failed, ${skipped} skipped`);
