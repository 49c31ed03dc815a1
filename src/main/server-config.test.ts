// Server configuration: each source parses on its own, and the layers merge flag > env > cmd-params-cm > argocd-cm > default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AbortError } from '../common/errors.js';
import { ARGOCD_CM_PARAMS, CMD_PARAMS, NO_PARAMS, paramsFromConfigMap, paramsFromEnv } from './cmd-params.js';
import { defaultConfig, resolveServerConfig, validateOptions } from './server-config.js';

const defaults = defaultConfig({ kind: 'kubeconfig', path: '/k' }, '/cache');

test('argocd-cmd-params-cm keys that map become options; the rest are reported, not applied', () => {
  const p = paramsFromConfigMap(CMD_PARAMS, 'argocd-cmd-params-cm', {
    'controller.status.processors': '4',
    'controller.repo.server.timeout.seconds': '30',
    'controller.self.heal.backoff.timeout.seconds': '1',
    'controller.log.format': 'JSON',
    'server.insecure': 'true',
    'server.rootpath': '/argocd',
    'reposerver.git.request.timeout': '15s',
    'controller.sharding.algorithm': 'round-robin',
    'controller.diff.server.side': 'false',
    'controller.replicas': '3',
    'controller.lease.duration.seconds': '8',
    'controller.shard': '1',
    'some.unknown.key': 'x',
  });
  assert.deepEqual(p.options, {
    statusProcessors: 4,
    repoServerTimeoutMs: 30_000,
    selfHealBackoffBaseMs: 1_000,
    logFormat: 'json',
    insecure: true,
    rootPath: '/argocd',
    gitRequestTimeoutMs: 15_000,
    serverSideDiff: false,
    shardingAlgorithm: 'round-robin',
    controllerReplicas: 3,
    shardLeaseDurationMs: 8_000,
    controllerShard: 1,
  });
  assert.deepEqual(p.ignored, []);
});

test('a bad value names the key, the value and the ConfigMap', () => {
  assert.throws(
    () =>
      paramsFromConfigMap(CMD_PARAMS, 'argocd-cmd-params-cm', {
        'controller.status.processors': 'many',
        'server.insecure': 'yes',
      }),
    (e: unknown) =>
      e instanceof AbortError &&
      /argocd-cmd-params-cm/.test(e.message) &&
      /controller\.status\.processors="many"/.test(e.message) &&
      /server\.insecure="yes"/.test(e.message),
  );
});

test("argocd-cm's timeout.reconciliation takes Go durations and bare seconds", () => {
  const p = paramsFromConfigMap(ARGOCD_CM_PARAMS, 'argocd-cm', {
    'timeout.reconciliation': '3m',
    'timeout.reconciliation.jitter': '30',
    'controller.diff.server.side': 'false',
  });
  assert.deepEqual(p.options, {
    reconciliationMs: 180_000,
    reconciliationJitterMs: 30_000,
    serverSideDiff: false,
  });
});

test("the environment uses Argo CD's variable names", () => {
  const p = paramsFromEnv({
    ARGOCD_APPLICATION_CONTROLLER_STATUS_PROCESSORS: '7',
    ARGOCD_APPLICATION_CONTROLLER_OPERATION_PROCESSORS: '3',
    ARGOCD_RECONCILIATION_TIMEOUT: '60s',
    ARGOCD_APPLICATION_NAMESPACES: 'a,b',
    HOME: '/root',
  });
  assert.deepEqual(p.options, { statusProcessors: 7, operationProcessors: 3, reconciliationMs: 60_000 });
  assert.match(p.ignored.join('\n'), /ARGOCD_APPLICATION_NAMESPACES/);
});

test('precedence: explicit option > cmd-params > argocd-cm > default; jitter follows the interval unless set', () => {
  const argocdCm = { options: { reconciliationMs: 300_000 }, ignored: [] };
  const cmd = { options: { statusProcessors: 3, reconciliationMs: 120_000 }, ignored: [] };
  const c = resolveServerConfig({ statusProcessors: 5 }, cmd, argocdCm, defaults);
  assert.equal(c.statusProcessors, 5);
  assert.equal(c.reconciliationMs, 120_000);
  assert.equal(c.reconciliationJitterMs, 12_000);
  assert.equal(c.namespace, 'argocd');
  const withJitter = resolveServerConfig(
    {},
    NO_PARAMS,
    { options: { reconciliationJitterMs: 0 }, ignored: [] },
    defaults,
  );
  assert.equal(withJitter.reconciliationJitterMs, 0);
  assert.equal(withJitter.reconciliationMs, 180_000);
});

test('a self-heal cap below its base is refused', () => {
  const cmd = { options: { selfHealBackoffBaseMs: 10_000, selfHealBackoffMaxMs: 5_000 }, ignored: [] };
  assert.throws(() => resolveServerConfig({}, cmd, NO_PARAMS, defaults), AbortError);
});

test('options are validated with the source and label in the message; absent values stay absent', () => {
  assert.deepEqual(validateOptions({ port: 0, namespace: undefined }, 'flags'), { port: 0 });
  assert.throws(
    () => validateOptions({ namespace: 'Not_A_Namespace' }, 'flags', { namespace: '--namespace' }),
    /invalid flags: --namespace: must be a Kubernetes namespace name/,
  );
  assert.throws(() => validateOptions({ portt: 1 }, 'flags'), /invalid flags/);
});
