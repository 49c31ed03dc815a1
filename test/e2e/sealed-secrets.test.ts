// Sealed Secrets through driftless server, with the real controller and kubeseal: a Secret sealed with
// `kubectl create secret … --dry-run=client -o yaml | kubeseal`, committed, deploys, the controller
// unseals it and the app is Healthy; one sealed for another key is Degraded with the controller's reason.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { execChecked } from '../../src/common/exec.js';
import { missingTool } from '../../src/common/testing/missing-tool.js';
import { e2eKubeconfig, randomSuffix } from './support/cluster.js';
import { healthy, jsonpath, startController, synced, waitForApp } from './support/controller.js';
import type { RunningController } from './support/controller.js';
import { kubectlOk } from './support/kubectl.js';
import {
  sealedSecretsBinaries,
  startSealedSecretsController,
  type SealedSecretsController,
} from './support/sealed-secrets.js';
import { ControllerSuite } from './support/suite.js';

const bins = sealedSecretsBinaries();
const skip = bins ? false : missingTool('sealed-secrets', 'run scripts/build-tools.sh sealed-secrets');
const s = new ControllerSuite('sealed');
const controllerNs = `sealed-ctl-${randomSuffix()}`;
const PLANTED = `sealed-planted-${randomSuffix(10)}`;
const scratch = mkdtempSync(join(tmpdir(), 'driftless-kubeseal-'));
let running: RunningController;
let sealer: SealedSecretsController;

/** The user's pipeline: `kubectl create secret --dry-run=client -o yaml | kubeseal --cert … -o yaml`. */
async function seal(namespace: string, name: string, value: string, cert: string): Promise<string> {
  const secret = await kubectlOk([
    '-n',
    namespace,
    'create',
    'secret',
    'generic',
    name,
    `--from-literal=password=${value}`,
    '--dry-run=client',
    '-o',
    'yaml',
  ]);
  const res = await execChecked(bins?.kubeseal ?? 'kubeseal', ['--cert', cert, '-o', 'yaml'], {
    input: secret,
    env: { KUBECONFIG: e2eKubeconfig() },
  });
  return res.stdout;
}

before(async () => {
  if (skip) return;
  await kubectlOk(['create', 'namespace', s.NS]);
  await kubectlOk(['create', 'namespace', controllerNs]);
  sealer = await startSealedSecretsController(controllerNs);
  running = await startController({ namespace: s.NS });
});
after(async () => {
  if (skip) return;
  await s.teardown(running, controllerNs);
  await sealer.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test(
  'a SealedSecret from kubeseal is unsealed and Healthy; one sealed for another key is Degraded',
  { skip },
  async () => {
    const name = s.app('sealed');
    const dest = s.destNs('sealed');
    await kubectlOk(['create', 'namespace', dest]);
    s.repo
      .write({ 'sealed/db.yaml': await seal(dest, 'db', PLANTED, sealer.certURL) })
      .commit('db password, sealed');
    await s.createApp(name, 'sealed', dest, { automated: { prune: true } });

    await waitForApp(s.NS, name, 'Synced and Healthy once unsealed', (a) => synced(a) && healthy(a), 120_000);
    const password = await jsonpath(['-n', dest, 'get', 'secret', 'db'], '{.data.password}');
    assert.equal(Buffer.from(password, 'base64').toString(), PLANTED);
    const owner = await jsonpath(['-n', dest, 'get', 'secret', 'db'], '{.metadata.ownerReferences[0].kind}');
    assert.equal(owner, 'SealedSecret');

    // Sealed with a certificate whose key the controller does not hold.
    const key = join(scratch, 'other.key');
    const cert = join(scratch, 'other.pem');
    await execChecked('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      '/CN=another-cluster',
      '-days',
      '1',
    ]);
    s.repo
      .write({ 'sealed/api.yaml': await seal(dest, 'api', 'not-for-this-cluster', cert) })
      .commit('sealed elsewhere');
    const degraded = await waitForApp(
      s.NS,
      name,
      'Degraded with the controller’s reason',
      (a) => synced(a) && a.status?.health?.status === 'Degraded',
      120_000,
    );
    const api = (degraded.status?.resources ?? []).find((r) => r.kind === 'SealedSecret' && r.name === 'api');
    assert.equal(api?.health?.status, 'Degraded');
    assert.match(api?.health?.message ?? '', /no key could decrypt secret/);
    assert.ok(readFileSync(cert, 'utf8').includes('BEGIN CERTIFICATE'));
  },
);
