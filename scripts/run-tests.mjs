#!/usr/bin/env node
// Runs the compiled tests with node's test runner.
//   node scripts/run-tests.mjs unit            all unit tests (dist/src/**/*.test.js)
//   node scripts/run-tests.mjs e2e [filter]    end-to-end and integration tests (dist/test/{e2e,integration}) against one
//                                              shared local control plane started here
// Set DRIFTLESS_E2E_KUBECONFIG to reuse a running cluster instead of starting one.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

const [suite = 'unit', filter] = process.argv.slice(2);
const root = new URL('..', import.meta.url).pathname;

function findTests(dir) {
  let out = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(findTests(p));
    else if (e.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

const dirs =
  suite === 'unit'
    ? [join(root, 'dist/src'), join(root, 'dist/test/unit')]
    : // e2e: the product through runServer/the CLI (test/e2e) and parts against real systems (test/integration).
      [join(root, 'dist/test/e2e'), join(root, 'dist/test/integration')];
let files = dirs.flatMap(findTests);
if (filter) files = files.filter((f) => f.includes(filter));
if (files.length === 0) {
  console.error(`no ${suite} tests found (did you run npm run build?)`);
  process.exit(1);
}

function run(cmd, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const cli = join(root, 'dist/src/cli/main.js');
const args = ['--test', '--test-reporter=spec'];
const env = { ...process.env };
let started;
if (suite === 'e2e') {
  // One control plane per run, shared by every e2e file; files run in parallel, each in its own namespaces.
  args.push(`--test-concurrency=${process.env.DRIFTLESS_E2E_CONCURRENCY ?? '3'}`);
  if (!env.DRIFTLESS_E2E_KUBECONFIG) {
    started = `e2e-${process.pid}`;
    const code = await run(process.execPath, [cli, 'local-cluster', 'up', '--name', started]);
    if (code !== 0) {
      console.error(`could not start the e2e control plane (driftless local-cluster up exited ${code})`);
      process.exit(code);
    }
    env.DRIFTLESS_E2E_CLUSTER = started;
  }
}
const stop = async () => {
  if (started) await run(process.execPath, [cli, 'local-cluster', 'down', '--name', started, '--purge']);
};
process.on('SIGINT', () => void stop().then(() => process.exit(130)));
const code = await run(process.execPath, [...args, ...files], env);
await stop();
process.exit(code);
