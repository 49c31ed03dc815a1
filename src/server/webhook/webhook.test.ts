// Webhooks with real signed payloads: signature checks per provider, payload reading, repo URL and ref matching.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Application } from '../../model/index.js';
import { detectProvider, isPushEvent, parsePush } from './payload.js';
import { repoKey, revisionFollows } from './repo-match.js';
import { appsForPush } from './route.js';
import { verifyWebhook } from './verify.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../testdata/webhooks/${name}`, import.meta.url));
const github = fixture('github-push.json');
const gitlab = fixture('gitlab-push.json');
const sign = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest('hex');

test('GitHub: X-Hub-Signature-256 over the exact bytes', () => {
  const secrets = { github: 's3cret' };
  const good = { 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${sign('s3cret', github)}` };
  assert.deepEqual(verifyWebhook('github', good, github, secrets), { ok: true });
  const wrongKey = { ...good, 'x-hub-signature-256': `sha256=${sign('other', github)}` };
  assert.equal(verifyWebhook('github', wrongKey, github, secrets).ok, false);
  const tampered = Buffer.from(github.toString().replace('main', 'evil'));
  assert.equal(verifyWebhook('github', good, tampered, secrets).ok, false);
  assert.equal(verifyWebhook('github', { 'x-github-event': 'push' }, github, secrets).ok, false);
  // no secret configured: accepted unsigned, as Argo CD does
  assert.equal(verifyWebhook('github', { 'x-github-event': 'push' }, github, {}).ok, true);
});

test('GitLab: X-Gitlab-Token must equal the secret', () => {
  assert.equal(verifyWebhook('gitlab', { 'x-gitlab-token': 'tok' }, gitlab, { gitlab: 'tok' }).ok, true);
  assert.equal(verifyWebhook('gitlab', { 'x-gitlab-token': 'nope' }, gitlab, { gitlab: 'tok' }).ok, false);
  assert.equal(verifyWebhook('gitlab', {}, gitlab, { gitlab: 'tok' }).ok, false);
});

test('Gitea/Gogs: hex HMAC without prefix; Bitbucket Server: sha256= HMAC; Bitbucket Cloud: hook UUID', () => {
  const body = Buffer.from('{"ref":"refs/heads/main"}');
  assert.equal(verifyWebhook('gogs', { 'x-gitea-signature': sign('g', body) }, body, { gogs: 'g' }).ok, true);
  assert.equal(verifyWebhook('gogs', { 'x-gogs-signature': sign('x', body) }, body, { gogs: 'g' }).ok, false);
  const bbs = { 'x-hub-signature': `sha256=${sign('b', body)}` };
  assert.equal(verifyWebhook('bitbucketserver', bbs, body, { bitbucketServer: 'b' }).ok, true);
  assert.equal(verifyWebhook('bitbucket', { 'x-hook-uuid': 'u-1' }, body, { bitbucketUuid: 'u-1' }).ok, true);
  assert.equal(
    verifyWebhook('bitbucket', { 'x-hook-uuid': 'u-2' }, body, { bitbucketUuid: 'u-1' }).ok,
    false,
  );
});

test('providers and push events are told apart by headers', () => {
  assert.deepEqual(detectProvider({ 'x-github-event': 'ping' }), { provider: 'github', event: 'ping' });
  assert.equal(isPushEvent('github', 'ping'), false);
  assert.equal(isPushEvent('gitlab', 'Tag Push Hook'), true);
  assert.equal(detectProvider({ 'x-event-key': 'repo:refs_changed' })?.provider, 'bitbucketserver');
  assert.equal(detectProvider({ 'x-event-key': 'repo:push' })?.provider, 'bitbucket');
  assert.equal(detectProvider({}), undefined);
});

test('payloads are read into repository URLs, refs and the default branch', () => {
  const gh = parsePush('github', JSON.parse(github.toString()));
  assert.deepEqual(gh.refs, [{ name: 'main', kind: 'branch' }]);
  assert.equal(gh.defaultBranch, 'main');
  assert.ok(gh.repoURLs.includes('git@github.com:Example-Org/guestbook.git'));
  const gl = parsePush('gitlab', JSON.parse(gitlab.toString()));
  assert.deepEqual(gl.refs, [{ name: 'release-1.2', kind: 'branch' }]);
  assert.ok(gl.repoURLs.includes('http://gitlab.example.com/Mike/Diaspora.git'));
  const bb = parsePush('bitbucket', {
    repository: { full_name: 'team/repo', links: { html: { href: 'https://bitbucket.org/team/repo' } } },
    push: { changes: [{ new: { type: 'tag', name: 'v1.0' } }] },
  });
  assert.deepEqual(bb.refs, [{ name: 'v1.0', kind: 'tag' }]);
});

test('repository URLs match across scheme, user, .git suffix and host case', () => {
  const k = repoKey('https://github.com/example-org/guestbook');
  for (const u of [
    'https://GitHub.com/Example-Org/guestbook.git',
    'git@github.com:Example-Org/guestbook.git',
    'ssh://git@github.com:22/example-org/guestbook',
    'https://user@www.github.com/example-org/guestbook/',
  ])
    assert.equal(repoKey(u), k, u);
  assert.notEqual(repoKey('https://github.com/example-org/guestbook-2'), k);
  assert.equal(repoKey('file:///tmp/Repo.git'), 'file:///tmp/Repo');
  assert.notEqual(repoKey('file:///tmp/Repo'), repoKey('file:///tmp/repo'));
});

test('targetRevision follows the pushed branch or tag', () => {
  const main = [{ name: 'main', kind: 'branch' as const }];
  assert.equal(revisionFollows('HEAD', main, 'main'), true);
  assert.equal(revisionFollows(undefined, main, 'main'), true);
  assert.equal(revisionFollows('HEAD', main, 'develop'), false);
  assert.equal(revisionFollows('main', main, undefined), true);
  assert.equal(revisionFollows('refs/heads/main', main, undefined), true);
  assert.equal(revisionFollows('refs/tags/main', main, undefined), false);
  assert.equal(revisionFollows('v1', main, 'main'), false);
  assert.equal(revisionFollows('0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c', main, 'main'), false);
});

test('exactly the apps of the pushed repository and branch are picked', () => {
  const app = (name: string, repoURL: string, targetRevision: string): Application => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: { project: 'default', source: { repoURL, targetRevision }, destination: {} },
  });
  const apps = [
    app('a', 'https://github.com/example-org/guestbook.git', 'HEAD'),
    app('b', 'git@github.com:Example-Org/guestbook.git', 'main'),
    app('c', 'https://github.com/example-org/guestbook', 'release'),
    app('d', 'https://github.com/example-org/other', 'main'),
  ];
  const push = parsePush('github', JSON.parse(github.toString()));
  assert.deepEqual(
    appsForPush(apps, push).map((m) => m.app.metadata.name),
    ['a', 'b'],
  );
});
