// Notifications through driftless server: Argo CD's argocd-notifications-cm and subscription
// annotations deliver the default catalog to a webhook and to a real SMTP server (STARTTLS + AUTH)
// exactly once, also across a restart between trigger and delivery; a failing receiver is retried
// then reported; drift without auto-sync gives one alert naming who changed what, then a resolved one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Application } from '../../src/model/index.js';
import { getApp, startController, synced, waitForApp, type RunningController } from './support/controller.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { deployment, job } from './support/manifests.js';
import {
  smtpSkipReason,
  startHttpReceiver,
  startSmtpServer,
  type HttpReceiver,
  type SmtpServer,
} from './support/notification-receivers.js';
import { ControllerSuite } from './support/suite.js';
import { waitFor } from './support/wait.js';

const suite = new ControllerSuite('ntf');
const { NS, repo, app, destNs } = suite;
const skip = smtpSkipReason();
let running: RunningController;
let hook: HttpReceiver;
let smtp: SmtpServer;

const SUB = 'notifications.argoproj.io/subscribe';

async function applyJson(obj: unknown): Promise<void> {
  await kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(obj) });
}

before(async () => {
  if (skip) return;
  await kubectlOk(['create', 'namespace', NS]);
  hook = await startHttpReceiver();
  smtp = await startSmtpServer();
  await applyJson({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'argocd-notifications-secret', namespace: NS },
    stringData: {
      'email-username': smtp.user,
      'email-password': smtp.password,
      'hook-token': 's3cr3t-token',
    },
  });
  await applyJson({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'argocd-notifications-cm', namespace: NS },
    data: {
      'service.webhook.receiver': `url: ${hook.url}/hooks\nheaders:\n- name: X-Token\n  value: $hook-token\n`,
      'service.webhook.down': 'url: http://127.0.0.1:9/\n',
      'service.email': [
        'host: 127.0.0.1',
        `port: ${smtp.port}`,
        'from: cd@driftless.test',
        'username: $email-username',
        'password: $email-password',
        'insecure_skip_verify: true',
      ].join('\n'),
      context: 'argocdUrl: https://cd.example\n',
      'delivery.retries': '2',
      'delivery.backoff': '3s',
      'drift.groupWait': '8s', // one kubectl apply of 30 objects at CI load spans several refreshes
    },
  });
  running = await startController({ namespace: NS });
});

after(async () => {
  if (skip) return;
  await suite.teardown(running);
  await hook.close();
  await smtp.close();
});

const requestsFor = (name: string) => hook.requests.filter((r) => r.body.includes(name));

/** Waits for `n` more refresh rounds: n reconciles of every app of this file's controller. */
async function refreshesOf(name: string, n: number): Promise<void> {
  const apps = (await kubectlOk(['-n', NS, 'get', 'applications.argoproj.io', '-o', 'name']))
    .split('\n')
    .filter(Boolean).length;
  const target = running.stats.reconciles + n * apps;
  await waitFor(async () => running.stats.reconciles >= target, {
    what: `${n} refresh rounds after ${name}`,
    timeoutMs: 90_000,
  });
}

test(
  'the default catalog: on-sync-succeeded and on-health-degraded to a webhook and by email, once each',
  { skip },
  async () => {
    const name = app('catalog');
    repo
      .write({
        'catalog/web.yaml': deployment('web'),
        'catalog/job.yaml': job('migrate', {}, { fail: true }),
      })
      .commit('web and a failing job');
    await suite.createApp(name, 'catalog', destNs('ntf-cat'), {
      automated: {},
      spec: {},
    });
    await kubectlOk([
      '-n',
      NS,
      'annotate',
      'applications.argoproj.io',
      name,
      `${SUB}.on-sync-succeeded.receiver=`,
      `${SUB}.on-health-degraded.receiver=`,
      `${SUB}.on-sync-succeeded.email=ops@example.com`,
      `${SUB}.on-health-degraded.email=ops@example.com`,
    ]);
    await waitForApp(
      NS,
      name,
      'synced and Degraded',
      (a) => synced(a) && a.status?.health?.status === 'Degraded',
      90_000,
    );
    await waitFor(
      async () =>
        requestsFor(name).length >= 2 &&
        (await smtp.messages()).filter((m) => m.data.includes(name)).length >= 2,
      {
        what: 'two webhook calls and two emails',
        timeoutMs: 60_000,
      },
    );
    await refreshesOf(name, 3);
    const calls = requestsFor(name);
    assert.equal(calls.length, 2, calls.map((c) => c.body).join('\n'));
    assert.ok(
      calls.every(
        (c) => c.method === 'POST' && c.path === '/hooks' && c.headers['x-token'] === 's3cr3t-token',
      ),
    );
    const bodies = calls.map((c) => JSON.parse(c.body) as { title: string; message: string });
    assert.ok(bodies.some((b) => b.title === `Sync of ${name} succeeded`));
    assert.ok(
      bodies.some(
        (b) =>
          b.title === `${name} is Degraded` && b.message.includes(`https://cd.example/applications/${name}`),
      ),
    );
    const mails = (await smtp.messages()).filter((m) => m.data.includes(name));
    assert.equal(mails.length, 2);
    for (const m of mails) {
      assert.equal(m.tls, true, 'STARTTLS before the message');
      assert.equal(m.authUser, smtp.user);
      assert.deepEqual(m.rcptTos, ['ops@example.com']);
      assert.equal(m.mailFrom, 'cd@driftless.test');
    }
    assert.ok(mails.some((m) => m.data.includes(`Subject: Sync of ${name} succeeded`)));
    const a = await getApp(NS, name);
    assert.ok(a.metadata.annotations?.['notified.notifications.argoproj.io']);
    assert.equal(a.metadata.annotations?.['notifications.driftless.dev/pending'], undefined);
  },
);

test('a delivery due when the server stops is sent once after the restart', { skip }, async () => {
  const name = app('restart');
  repo.write({ 'restart/web.yaml': deployment('web2') }).commit('web2');
  hook.failWith(503);
  await suite.createApp(name, 'restart', destNs('ntf-rst'), { automated: {} });
  await kubectlOk([
    '-n',
    NS,
    'annotate',
    'applications.argoproj.io',
    name,
    `${SUB}.on-sync-succeeded.receiver=`,
  ]);
  await waitForApp(NS, name, 'a pending delivery that failed once', (a) =>
    (a.metadata.annotations?.['notifications.driftless.dev/pending'] ?? '').includes('"attempts":1'),
  );
  await running.stop();
  hook.failWith(undefined);
  running = await startController({ namespace: NS });
  await waitFor(async () => requestsFor(name).length >= 1, {
    what: 'the delivery after the restart',
    timeoutMs: 60_000,
  });
  await waitForApp(
    NS,
    name,
    'nothing pending',
    (a) => !a.metadata.annotations?.['notifications.driftless.dev/pending'],
  );
  await refreshesOf(name, 3);
  assert.equal(requestsFor(name).length, 1);
});

test('a receiver that keeps failing is retried, then reported as a Warning event', { skip }, async () => {
  const name = app('down');
  repo.write({ 'down/web.yaml': deployment('web3') }).commit('web3');
  await suite.createApp(name, 'down', destNs('ntf-down'), { automated: {} });
  await kubectlOk(['-n', NS, 'annotate', 'applications.argoproj.io', name, `${SUB}.on-sync-succeeded.down=`]);
  const event = await waitFor(
    async () => {
      const r = await kubectl([
        '-n',
        NS,
        'get',
        'events',
        '--field-selector',
        `involvedObject.name=${name},reason=NotificationFailed`,
        '-o',
        'jsonpath={.items[*].message}',
      ]);
      return r.stdout.trim() || undefined;
    },
    { what: 'a NotificationFailed event', timeoutMs: 60_000 },
  );
  assert.match(event, /on-sync-succeeded to down not delivered after 3 attempt\(s\)/);
  await waitForApp(
    NS,
    name,
    'nothing pending',
    (a) => !a.metadata.annotations?.['notifications.driftless.dev/pending'],
  );
});

function driftCalls(name: string): { title: string; message: string }[] {
  return requestsFor(name)
    .map((r) => JSON.parse(r.body) as { title: string; message: string })
    .filter((b) => b.title.includes('drifted') || b.title.includes('matches Git'));
}

async function syncedThenManual(name: string): Promise<Application> {
  await waitForApp(NS, name, 'synced', synced, 90_000);
  await kubectlOk([
    '-n',
    NS,
    'patch',
    'applications.argoproj.io',
    name,
    '--type',
    'merge',
    '-p',
    '{"spec":{"syncPolicy":{"automated":null}}}',
  ]);
  return getApp(NS, name);
}

test(
  'kubectl scale without auto-sync: one on-drift alert naming kubectl (scale subresource) and spec.replicas, then resolved',
  { skip },
  async () => {
    const name = app('drift');
    const dest = destNs('ntf-drift');
    repo.write({ 'drift/web.yaml': deployment('web4') }).commit('web4');
    await suite.createApp(name, 'drift', dest, { automated: {} });
    await syncedThenManual(name);
    await kubectlOk([
      '-n',
      NS,
      'annotate',
      'applications.argoproj.io',
      name,
      `${SUB}.on-drift.receiver=`,
      `${SUB}.on-drift-resolved.receiver=`,
    ]);
    await kubectlOk(['-n', dest, 'scale', 'deployment', 'web4', '--replicas=3']);
    await waitForApp(NS, name, 'OutOfSync', (a) => a.status?.sync?.status === 'OutOfSync');
    await waitFor(async () => driftCalls(name).length >= 1, { what: 'the drift alert', timeoutMs: 60_000 });
    await refreshesOf(name, 4);
    const [alert, ...more] = driftCalls(name);
    assert.equal(more.length, 0, 'one alert, not one per refresh');
    assert.match(alert?.message ?? '', /Deployment .*web4: kubectl \(scale\) changed spec\.replicas/);
    await kubectlOk([
      '-n',
      NS,
      'patch',
      'applications.argoproj.io',
      name,
      '--type',
      'merge',
      '-p',
      '{"spec":{"syncPolicy":{"automated":{"selfHeal":true}}}}',
    ]);
    await waitFor(async () => driftCalls(name).some((c) => c.title.includes('matches Git')), {
      what: 'on-drift-resolved',
      timeoutMs: 60_000,
    });
    assert.equal(driftCalls(name).filter((c) => c.title.includes('drifted')).length, 1);
  },
);

test('one kubectl apply changing 30 objects is one drift alert', { skip }, async () => {
  const name = app('many');
  const dest = destNs('ntf-many');
  const cms = (value: string): string =>
    Array.from(
      { length: 30 },
      (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}}\ndata: {v: "${value}"}\n`,
    ).join('---\n');
  repo.write({ 'many/cms.yaml': cms('git') }).commit('30 config maps');
  await suite.createApp(name, 'many', dest, { automated: {} });
  await syncedThenManual(name);
  await kubectlOk(['-n', NS, 'annotate', 'applications.argoproj.io', name, `${SUB}.on-drift.receiver=`]);
  await kubectlOk(['-n', dest, 'apply', '-f', '-'], { input: cms('hand-edited') });
  await waitFor(async () => driftCalls(name).length >= 1, { what: 'the drift alert', timeoutMs: 60_000 });
  await refreshesOf(name, 4);
  const calls = driftCalls(name);
  assert.equal(calls.length, 1);
  assert.equal((calls[0]?.message.match(/- ConfigMap /g) ?? []).length, 30);
});
