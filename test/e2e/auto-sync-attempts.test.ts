// Automated sync attempts as Argo CD makes them, through driftless server: a failed automated sync is
// retried 5 times by default; once retries are spent the app carries a SyncError condition and the same
// revision is not tried again; changing the app's source (same commit) is a new attempt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlJson, kubectlOk } from './support/kubectl.js';
import { configMap } from './support/manifests.js';
import { ControllerSuite, operationDone } from './support/suite.js';
import { exists, startController, waitForApp } from './support/controller.js';
import type { RunningController } from './support/controller.js';

const suite = new ControllerSuite('auto');
const { NS, repo, app, destNs } = suite;
let running: RunningController;
/** A namespace the first sync needs and nobody creates (the first test creates it to end the failure). */
const missingNs = destNs('later');
/** One that never exists. */
const neverNs = destNs('never');
/** A ConfigMap in another namespace than the app's destination. */
const cmIn = (ns: string, name: string): string =>
  configMap(name, '1').replace('metadata:\n', `metadata:\n  namespace: ${ns}\n`);

before(async () => {
  await kubectlOk(['create', 'namespace', NS]);
  running = await startController({ namespace: NS });
});
after(() => suite.teardown(running));

test('a failed automated sync is retried by default: it succeeds once what it lacked appears', async () => {
  const name = app('retried');
  const dest = destNs('retried');
  repo
    .write({ 'retried/cm.yaml': cmIn(missingNs, 'elsewhere') })
    .commit('a ConfigMap in a namespace that does not exist yet');
  await suite.createApp(name, 'retried', dest, { automated: { prune: true } });

  const failing = await waitForApp(NS, name, 'a failed attempt that will be retried', (a) =>
    /namespaces? "?[\w-]*later/.test(a.status?.operationState?.message ?? ''),
  );
  assert.ok(failing.operation, 'the operation stays requested while retries remain');
  assert.equal(failing.operation?.retry?.limit, 5, JSON.stringify(failing.operation));

  await kubectlOk(['create', 'namespace', missingNs]);
  const done = await waitForApp(
    NS,
    name,
    'the retry succeeded',
    (a) => operationDone(a) && a.status?.operationState?.phase === 'Succeeded',
    120_000,
  );
  assert.ok((done.status?.operationState?.retryCount ?? 0) >= 1, JSON.stringify(done.status?.operationState));
  assert.ok(await exists(['-n', missingNs, 'configmap', 'elsewhere']));
});

test('retries spent: a SyncError names the failed attempt; a source change is a new attempt', async () => {
  const name = app('held');
  const dest = destNs('held');
  repo
    .write({
      'held-bad/cm.yaml': cmIn(neverNs, 'bad'),
      'held-good/cm.yaml': configMap('good', '1'),
    })
    .commit('a ConfigMap in a namespace that never exists, and one in the destination');
  await suite.createApp(name, 'held-bad', dest, { automated: { prune: true }, retry: { limit: 0 } });

  const held = await waitForApp(
    NS,
    name,
    'the SyncError condition',
    (a) => operationDone(a) && (a.status?.conditions ?? []).some((c) => c.type === 'SyncError'),
  );
  assert.equal(held.status?.operationState?.phase, 'Failed');
  const sha = held.status?.operationState?.syncResult?.revision ?? '';
  const condition = held.status?.conditions?.find((c) => c.type === 'SyncError');
  assert.match(condition?.message ?? '', new RegExp(`^Failed sync attempt to ${sha}: `));
  const startedAt = held.status?.operationState?.startedAt;

  // The same commit, another path: Argo CD counts a change of the app's source as a new attempt.
  await kubectlOk([
    '-n',
    NS,
    'patch',
    'application',
    name,
    '--type',
    'merge',
    '-p',
    JSON.stringify({ spec: { source: { path: 'held-good' } } }),
  ]);
  const fixed = await waitForApp(
    NS,
    name,
    'a new attempt at the same commit succeeded',
    (a) =>
      operationDone(a) &&
      a.status?.operationState?.startedAt !== startedAt &&
      a.status?.operationState?.phase === 'Succeeded',
  );
  assert.equal(fixed.status?.operationState?.syncResult?.revision, sha);
  assert.ok(!(fixed.status?.conditions ?? []).some((c) => c.type === 'SyncError'), 'the SyncError cleared');
  const cm = await kubectlJson<{ data: Record<string, string> }>([
    '-n',
    dest,
    'get',
    'configmap',
    'good',
    '-o',
    'json',
  ]);
  assert.equal(cm.data['value'], '1');
});

test('retry.refresh: a retry syncs the commit that fixed the failure, not the one first attempted', async () => {
  const name = app('refresh');
  const dest = destNs('refresh');
  repo
    .write({ 'refresh/cm.yaml': cmIn(neverNs, 'broken') })
    .commit('a ConfigMap in a namespace that never exists');
  const broken = repo.head();
  await suite.createApp(name, 'refresh', dest, {
    automated: { prune: true },
    retry: { limit: 10, backoff: { duration: '2s', factor: 1 }, refresh: true },
  });
  await waitForApp(NS, name, 'a failed attempt at the broken commit', (a) =>
    /does not exist/.test(a.status?.operationState?.message ?? ''),
  );

  repo.write({ 'refresh/cm.yaml': configMap('fixed', '1') }).commit('the ConfigMap in the destination');
  const fixedSha = repo.head();
  assert.notEqual(fixedSha, broken);
  const done = await waitForApp(
    NS,
    name,
    'a retry synced the fixing commit',
    (a) => operationDone(a) && a.status?.operationState?.phase === 'Succeeded',
    120_000,
  );
  assert.equal(done.status?.operationState?.syncResult?.revision, fixedSha);
  assert.ok((done.status?.operationState?.retryCount ?? 0) >= 1, 'it was a retry of the same operation');
  assert.ok(await exists(['-n', dest, 'configmap', 'fixed']));
});
