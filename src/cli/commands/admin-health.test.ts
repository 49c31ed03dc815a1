import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runInProcess } from '../testing/run-in-process.js';
import { adminHealthCommand, type HealthRow } from './admin-health.js';

const fixtures = fileURLToPath(new URL('../../../../testdata/health/', import.meta.url));
const f = (name: string): string => fixtures + name;

const run = (...args: string[]) => runInProcess(adminHealthCommand(), args);

const rowsOf = (stdout: string): HealthRow[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as HealthRow);

test('admin health: built-in assessors and our Lua scripts, as JSON lines', async () => {
  const r = await run(f('resources.yaml'), '-o', 'json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    rowsOf(r.stdout).map((x) => [x.kind, x.name, x.status, x.source]),
    [
      ['Deployment', 'web', 'Healthy', 'builtin'],
      ['CronJob', 'nightly', 'Degraded', 'lua-builtin'],
      ['PodDisruptionBudget', 'web', 'Degraded', 'lua-builtin'],
      ['Certificate', 'tls', 'Healthy', 'builtin'],
      ['Bucket', 'assets', 'Progressing', 'generic'], // Ready False, reason Creating
      ['ConfigMap', 'settings', 'Healthy', 'generic'], // from inside a List
    ],
  );
  assert.equal(
    rowsOf(r.stdout)[1]?.message,
    'The last job, scheduled at 2024-05-01T03:00:00Z, did not succeed',
  );
});

test('admin health --config: argocd-cm scripts win, wildcards apply, a runaway script is Unknown', async () => {
  const r = await run('--config', f('argocd-cm.yaml'), f('resources.yaml'), f('loop.yaml'));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^KIND +NAME +STATUS +SOURCE +MESSAGE$/);
  assert.match(r.stdout, /^CronJob +shop\/nightly +Healthy +lua-config +CronJobs are always fine here$/m);
  assert.match(r.stdout, /^Certificate +shop\/tls +Healthy +lua-config +Certificate is up to date$/m);
  assert.match(r.stdout, /^Bucket +assets +Degraded +lua-config +Creating$/m);
  assert.match(r.stdout, /^PodDisruptionBudget +shop\/web +Degraded +lua-builtin /m);
  assert.match(
    r.stdout,
    /^Loop +default\/forever +Unknown +lua-config +health script did not finish within 1000 ms$/m,
  );
});

test('admin health --config: broken entries are warnings; the rest still apply', async () => {
  const r = await run('--config', f('argocd-cm-bad.yaml'), '-o', 'json', f('resources.yaml'), f('loop.yaml'));
  assert.equal(r.code, 0);
  assert.match(
    r.stderr,
    /^warning: .*argocd-cm-bad\.yaml: resource\.customizations\.health\.example\.com_Loop: .*unexpected symbol near <eof>\n$/,
  );
  const rows = rowsOf(r.stdout);
  assert.deepEqual(rows.find((x) => x.kind === 'CronJob')?.message, 'configured');
  assert.equal(rows.find((x) => x.kind === 'Loop')?.status, 'Unknown');
});

test('admin health: each file on its own; a file that cannot be read is one error line (exit 2)', async () => {
  const bad = await run('-o', 'json', f('resources.yaml'), f('bad.yaml'), f('nope.yaml'), f('loose.yaml'));
  assert.equal(bad.code, 2);
  assert.deepEqual(bad.stderr.split('\n'), [
    `error: ${f('bad.yaml')}:9: YAML syntax error: Nested mappings are not allowed in compact mappings`,
    `error: cannot read ${f('nope.yaml')}: no such file`,
    '',
  ]);
  const files = rowsOf(bad.stdout).map((r) => r.file.slice(fixtures.length));
  assert.deepEqual([...new Set(files)], ['resources.yaml', 'loose.yaml']);
});

test('admin health: objects without metadata, messages verbatim in JSON and on one line in the table', async () => {
  const json = rowsOf((await run('-o', 'json', f('loose.yaml'))).stdout);
  assert.deepEqual(
    json.map((r) => [r.kind, r.name, r.status]),
    [
      ['Deployment', '', 'Healthy'],
      ['Job', 'migrate', 'Degraded'],
    ],
  );
  assert.equal(
    json[1]?.message,
    'Job has reached the specified backoff limit \nsee the pod logs:\n  kubectl logs job/migrate',
  );
  const table = await run(f('loose.yaml'));
  assert.equal(table.code, 0, table.stderr);
  assert.match(
    table.stdout,
    /^Job +shop\/migrate +Degraded +builtin +Job has .* limit see the pod logs: kubectl logs job\/migrate$/m,
  );
});

test('admin health: configuration errors exit 2 with one line and a hint', async () => {
  const noCm = await run('--config', f('loop.yaml'), f('resources.yaml'));
  assert.equal(noCm.code, 2);
  assert.match(noCm.stderr, /^error: .*loop\.yaml: no ConfigMap named argocd-cm\nhint: /);

  await assert.rejects(run(), /missing required argument/);
});
