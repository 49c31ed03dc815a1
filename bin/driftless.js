#!/usr/bin/env node
// Entry point of the `driftless` command (the compiled CLI lives in dist/).
import { existsSync } from 'node:fs';
const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(
    'error: driftless is not built\nhint: run `npm ci && npm run build` in the driftless checkout',
  );
  process.exit(2);
}
await import(main.href);
