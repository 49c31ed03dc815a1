// Health of custom resources through driftless server: cert-manager Certificates judged by the built-in check
// as the test sets their status, a CRD of our own judged by the generic check, which argocd-cm turns off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomSuffix } from './support/cluster.js';
import { crdsEstablished, kubectlOk } from './support/kubectl.js';
import { ControllerSuite } from './support/suite.js';
import { widgetCrd } from './support/fixtures.js';
import { applicationYaml, startController, synced, waitForApp } from './support/controller.js';
import type { RunningController } from './support/controller.js';
import type { Application } from '../../src/model/index.js';

const suite = new ControllerSuite('hcr');
const { NS, repo, app, destNs } = suite;
const WIDGETS = `h${randomSuffix()}.example.com`;
let running: RunningController;

/** cert-manager's Certificate CRD as far as the API server needs it (status through /status). */
const certificateCrd = {
  ...widgetCrd('cert-manager.io', { statusSubresource: true }),
  metadata: { name: 'certificates.cert-manager.io' },
  spec: {
    ...(widgetCrd('cert-manager.io', { statusSubresource: true }).spec as object),
    names: { plural: 'certificates', singular: 'certificate', kind: 'Certificate' },
  },
};

before(async () => {
  for (const crd of [certificateCrd, widgetCrd(WIDGETS, { statusSubresource: true })])
    await kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(crd) });
  await crdsEstablished(['certificates.cert-manager.io', `widgets.${WIDGETS}`]);
  await kubectlOk(['create', 'namespace', NS]);
  running = await startController({ namespace: NS });
});
after(() => suite.teardown(running));

const resourceHealth = (a: Application, kind: string) =>
  a.status?.resources?.find((r) => r.kind === kind)?.health?.status;

async function setStatus(ns: string, resource: string, status: Record<string, unknown>): Promise<void> {
  await kubectlOk([
    '-n',
    ns,
    'patch',
    resource,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status }),
  ]);
}

test('a Certificate is Progressing while issuing, Degraded when issuance failed, Healthy when Ready', async () => {
  const name = app('certs');
  const dest = destNs('hcr-certs');
  repo
    .write({
      'certs/cert.yaml': [
        'apiVersion: cert-manager.io/v1',
        'kind: Certificate',
        'metadata: {name: web-tls}',
        'spec: {secretName: web-tls, dnsNames: [web.example.com], issuerRef: {name: le}}',
      ].join('\n'),
    })
    .commit('a certificate');
  await kubectlOk(['apply', '-f', '-'], {
    input: applicationYaml({
      name,
      namespace: NS,
      repoURL: repo.url,
      path: 'certs',
      destNamespace: dest,
      automated: {},
    }),
  });
  // Nothing has reported on it yet: cert-manager's Certificate waits for issuance.
  let a = await waitForApp(
    NS,
    name,
    'synced, certificate waiting',
    (x) => synced(x) && resourceHealth(x, 'Certificate') === 'Progressing',
  );
  assert.equal(a.status?.health?.status, 'Progressing');

  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastTransitionTime: '2026-01-01T00:00:00Z',
  });
  await setStatus(dest, 'certificates.cert-manager.io/web-tls', {
    conditions: [
      cond('Ready', 'False', 'DoesNotExist', 'Issuing certificate as Secret does not exist'),
      cond('Issuing', 'True', 'DoesNotExist', 'Issuing certificate as Secret does not exist'),
    ],
  });
  a = await waitForApp(
    NS,
    name,
    'issuing: Progressing',
    (x) =>
      x.status?.resources
        ?.find((r) => r.kind === 'Certificate')
        ?.health?.message?.includes('Secret does not exist') === true,
  );
  assert.equal(resourceHealth(a, 'Certificate'), 'Progressing');

  await setStatus(dest, 'certificates.cert-manager.io/web-tls', {
    conditions: [
      cond('Ready', 'False', 'DoesNotExist', 'Issuing certificate as Secret does not exist'),
      cond(
        'Issuing',
        'False',
        'Failed',
        'The certificate request has failed to complete and will be retried',
      ),
    ],
  });
  a = await waitForApp(NS, name, 'failed: Degraded', (x) => x.status?.health?.status === 'Degraded');
  assert.equal(resourceHealth(a, 'Certificate'), 'Degraded');
  assert.match(
    a.status?.resources?.find((r) => r.kind === 'Certificate')?.health?.message ?? '',
    /failed to complete/,
  );

  await setStatus(dest, 'certificates.cert-manager.io/web-tls', {
    conditions: [cond('Ready', 'True', 'Ready', 'Certificate is up to date and has not expired')],
  });
  await waitForApp(
    NS,
    name,
    'ready: Healthy',
    (x) => x.status?.health?.status === 'Healthy' && resourceHealth(x, 'Certificate') === 'Healthy',
  );
});

test('a CRD without a check: the generic check reads Ready; argocd-cm turns it off for the kind', async () => {
  const name = app('widgets');
  const dest = destNs('hcr-widgets');
  repo
    .write({
      'widgets/w.yaml': `apiVersion: ${WIDGETS}/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 1}\n`,
    })
    .commit('a widget');
  await kubectlOk(['apply', '-f', '-'], {
    input: applicationYaml({
      name,
      namespace: NS,
      repoURL: repo.url,
      path: 'widgets',
      destNamespace: dest,
      automated: {},
    }),
  });
  await waitForApp(
    NS,
    name,
    'synced, widget Healthy (no status)',
    (x) => synced(x) && resourceHealth(x, 'Widget') === 'Healthy',
  );
  await setStatus(dest, `widgets.${WIDGETS}/w`, {
    conditions: [{ type: 'Ready', status: 'False', reason: 'OutOfGears', message: 'no gears left' }],
  });
  const a = await waitForApp(NS, name, 'widget Degraded', (x) => resourceHealth(x, 'Widget') === 'Degraded');
  assert.match(
    a.status?.resources?.find((r) => r.kind === 'Widget')?.health?.message ?? '',
    /OutOfGears: no gears left/,
  );

  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'argocd-cm', namespace: NS },
      data: { 'driftless.health.generic.exclude': `${WIDGETS}/Widget` },
    }),
  });
  await waitForApp(
    NS,
    name,
    'generic check off: Healthy again',
    (x) => resourceHealth(x, 'Widget') === 'Healthy' && x.status?.health?.status === 'Healthy',
  );
});
