// argocd-notifications-cm parsing, secret references and subscriptions on plain objects.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNotificationConfig, resolveSecretRefs } from './config.js';
import { annotationSubscriptions, matchesSelector, subscriptionsOf } from './subscriptions.js';

const cm = {
  'service.webhook.github':
    'url: https://api.example\nheaders:\n- name: Authorization\n  value: token $github-token\n',
  'service.email.gmail':
    'host: smtp.example\nport: 587\nfrom: $email-from\nusername: $email-user\npassword: $email-password\n',
  'service.slack': 'token: $slack-token\n',
  'template.my-tmpl': 'message: hello {{.app.metadata.name}}\nemail:\n  subject: hi\n',
  'trigger.on-sync-succeeded':
    "- when: app.status.operationState.phase in ['Succeeded']\n  send: [my-tmpl]\n",
  'trigger.broken': 'when: x',
  subscriptions:
    '- recipients: [slack:ops, email:team@example.com]\n  triggers: [on-sync-failed]\n  selector: env=prod\n',
  defaultTriggers: '- on-sync-status-unknown\n',
  context: 'argocdUrl: https://cd.example\n',
};
const secret = {
  'github-token': 'ghp_x',
  'email-from': 'cd@example.com',
  'email-user': 'cd',
  'email-password': 'pw',
};

describe('parseNotificationConfig', () => {
  const config = parseNotificationConfig(cm, secret);
  test('services by name with $secret references resolved', () => {
    assert.deepEqual(config.services.get('github')?.options.headers, [
      { name: 'Authorization', value: 'token ghp_x' },
    ]);
    assert.equal(config.services.get('github')?.type, 'webhook');
    assert.equal(config.services.get('gmail')?.options.from, 'cd@example.com');
    // A missing secret key stays as written (the delivery will fail and say so), never empty.
    assert.equal(config.services.get('slack')?.options.token, '$slack-token');
  });
  test('own triggers and templates override the catalog; the catalog fills the rest', () => {
    assert.deepEqual(config.triggers.get('on-sync-succeeded')?.[0]?.send, ['my-tmpl']);
    assert.ok(config.triggers.get('on-health-degraded'));
    assert.ok(config.templates.get('app-sync-failed'));
    assert.equal(config.templates.get('my-tmpl')?.message, 'hello {{.app.metadata.name}}');
  });
  test('a malformed key is reported, the others still load', () => {
    assert.match(config.problems.join('\n'), /trigger.broken: expected a list/);
    assert.deepEqual(config.defaultTriggers, ['on-sync-status-unknown']);
    assert.equal(config.context.argocdUrl, 'https://cd.example');
  });
  test('resolveSecretRefs walks nested values', () => {
    assert.deepEqual(resolveSecretRefs({ a: ['$k', { b: 'x $k y' }] }, { k: 'v' }), {
      a: ['v', { b: 'x v y' }],
    });
  });
});

describe('subscriptions', () => {
  test('annotation forms: trigger.service, service only (default triggers), several recipients', () => {
    const subs = annotationSubscriptions(
      {
        'notifications.argoproj.io/subscribe.on-sync-succeeded.slack': 'ops; dev',
        'notifications.argoproj.io/subscribe.email': 'a@example.com',
        other: 'x',
      },
      ['on-created', 'on-deleted'],
    );
    assert.deepEqual(subs, [
      { trigger: 'on-sync-succeeded', service: 'slack', recipient: 'ops' },
      { trigger: 'on-sync-succeeded', service: 'slack', recipient: 'dev' },
      { trigger: 'on-created', service: 'email', recipient: 'a@example.com' },
      { trigger: 'on-deleted', service: 'email', recipient: 'a@example.com' },
    ]);
  });
  test('selectors', () => {
    assert.equal(matchesSelector('env=prod', { env: 'prod' }), true);
    assert.equal(matchesSelector('env=prod,team!=a', { env: 'prod', team: 'a' }), false);
    assert.equal(matchesSelector('!legacy', {}), true);
    assert.equal(matchesSelector('', undefined), true);
  });
  test('app, project and ConfigMap subscriptions merged once each', () => {
    const config = parseNotificationConfig(cm, secret);
    const app = {
      metadata: {
        labels: { env: 'prod' },
        annotations: { 'notifications.argoproj.io/subscribe.on-sync-failed.slack': 'ops' },
      },
    };
    const project = {
      metadata: { annotations: { 'notifications.argoproj.io/subscribe.on-deployed.slack': 'ops' } },
    };
    const subs = subscriptionsOf(app, project, config).map((s) => `${s.trigger} ${s.service}:${s.recipient}`);
    assert.deepEqual(subs, [
      'on-sync-failed slack:ops',
      'on-deployed slack:ops',
      'on-sync-failed email:team@example.com',
    ]);
  });
});
