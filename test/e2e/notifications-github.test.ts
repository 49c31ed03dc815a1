// GitHub commit statuses through driftless server: `service.github` with a GitHub App (appID,
// installationID, privateKey from argocd-notifications-secret, enterpriseBaseURL) — the App JWT buys an
// installation token, which posts the template's github.status for the synced commit. A local HTTP
// receiver stands in for GitHub Enterprise and checks the exact requests, headers and JWT signature.
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startController, synced, waitForApp, type RunningController } from './support/controller.js';
import { kubectlOk } from './support/kubectl.js';
import { configMap } from './support/manifests.js';
import {
  startHttpReceiver,
  type HttpReceiver,
  type ReceivedRequest,
} from './support/notification-receivers.js';
import { ControllerSuite } from './support/suite.js';
import { waitFor } from './support/wait.js';

const suite = new ControllerSuite('ngh');
const { NS, repo, app, destNs } = suite;
const APP_ID = '424242';
const INSTALLATION = '7777';
const TOKEN = 'ghs_e2eInstallationToken0123456789';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
let github: HttpReceiver;
let running: RunningController;

const TOKEN_PATH = `/api/v3/app/installations/${INSTALLATION}/access_tokens`;

before(async () => {
  github = await startHttpReceiver((r) =>
    r.method === 'POST' && r.path === TOKEN_PATH
      ? {
          status: 201,
          body: JSON.stringify({
            token: TOKEN,
            expires_at: new Date(Date.now() + 3_600_000).toISOString(),
          }),
        }
      : r.path.includes('/statuses/')
        ? { status: 201, body: '{"id":1}' }
        : undefined,
  );
  await kubectlOk(['create', 'namespace', NS]);
  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'argocd-notifications-secret', namespace: NS },
      stringData: { 'github-privateKey': pem },
    }),
  });
  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'argocd-notifications-cm', namespace: NS },
      data: {
        'service.github': [
          `appID: ${APP_ID}`,
          `installationID: ${INSTALLATION}`,
          'privateKey: $github-privateKey',
          `enterpriseBaseURL: ${github.url}/api/v3`,
        ].join('\n'),
        context: 'argocdUrl: https://cd.example\n',
        'trigger.on-deployed': [
          "- when: app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'",
          '  oncePer: app.status.sync.revision',
          '  send: [commit-status]',
        ].join('\n'),
        'template.commit-status': [
          'message: Application {{.app.metadata.name}} is now running {{.app.status.sync.revision}}.',
          'github:',
          '  repoURLPath: https://github.example/example-org/guestbook.git',
          '  status:',
          '    state: success',
          '    label: continuous-delivery/{{.app.metadata.name}}',
          '    targetURL: "{{.context.argocdUrl}}/applications/{{.app.metadata.name}}?operation=true"',
        ].join('\n'),
      },
    }),
  });
  running = await startController({ namespace: NS });
});

after(async () => {
  await suite.teardown(running);
  await github.close();
});

const header = (r: ReceivedRequest, name: string) => {
  const v = r.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

test('a sync posts one commit status with a GitHub App installation token, exactly as Argo CD does', async () => {
  const name = app('gh');
  const sha = repo.write({ 'gh/cm.yaml': configMap('gh-settings', 'v1') }).commit('gh');
  await suite.createApp(name, 'gh', destNs('ngh'), { automated: {} });
  await kubectlOk([
    '-n',
    NS,
    'annotate',
    'applications.argoproj.io',
    name,
    'notifications.argoproj.io/subscribe.on-deployed.github=',
  ]);
  await waitForApp(NS, name, 'Synced at the commit', (a) => synced(a) && a.status?.sync?.revision === sha);
  const statuses = () => github.requests.filter((r) => r.path.includes('/statuses/'));
  await waitFor(async () => statuses().length >= 1, { what: 'the commit status', timeoutMs: 90_000 });

  // 1. The installation token, bought with the App's JWT (RS256, issuer = appID, 2 minutes).
  const tokenCalls = github.requests.filter((r) => r.path === TOKEN_PATH);
  assert.equal(tokenCalls.length, 1, 'one token for the delivery');
  const tokenCall = tokenCalls[0];
  assert.ok(tokenCall);
  assert.equal(tokenCall.method, 'POST');
  assert.equal(header(tokenCall, 'accept'), 'application/vnd.github.v3+json');
  const jwt = /^Bearer (.+)$/.exec(header(tokenCall, 'authorization') ?? '')?.[1] ?? '';
  const [h = '', p = '', sig = ''] = jwt.split('.');
  assert.deepEqual(JSON.parse(Buffer.from(h, 'base64url').toString()), { alg: 'RS256', typ: 'JWT' });
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as {
    iss: string;
    iat: number;
    exp: number;
  };
  assert.equal(claims.iss, APP_ID);
  assert.equal(claims.exp - claims.iat, 120);
  assert.ok(
    verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(sig, 'base64url')),
    'JWT signature',
  );

  // 2. The status, on the synced commit of owner/repo from repoURLPath, with the token.
  const [status] = statuses();
  assert.ok(status);
  assert.equal(status.method, 'POST');
  assert.equal(status.path, `/api/v3/repos/example-org/guestbook/statuses/${sha}`);
  assert.equal(header(status, 'authorization'), `token ${TOKEN}`);
  assert.equal(header(status, 'accept'), 'application/vnd.github.v3+json');
  assert.equal(header(status, 'content-type'), 'application/json');
  assert.deepEqual(JSON.parse(status.body), {
    state: 'success',
    target_url: `https://cd.example/applications/${name}?operation=true`,
    description: `Application ${name} is now running ${sha}.`,
    context: `continuous-delivery/${name}`,
  });

  // 3. Exactly once per revision (oncePer), however often the app refreshes; no secret in the Events.
  const before = running.stats.reconciles;
  await waitFor(async () => running.stats.reconciles >= before + 6, {
    what: 'more refreshes',
    timeoutMs: 90_000,
  });
  assert.equal(statuses().length, 1);
  const events = await kubectlOk(['-n', NS, 'get', 'events', '-o', 'json']);
  assert.ok(!events.includes(TOKEN) && !events.includes('PRIVATE KEY'), 'no token or key in Events');
});
