// admin notifications: trigger run against an Application file (exit codes), and template notify
// sending through a configured webhook service to a local receiver.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runInProcess } from '../testing/run-in-process.js';
import { adminNotificationsCommand } from './admin-notifications.js';

const dir = mkdtempSync(join(tmpdir(), 'driftless-notify-cli-'));
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const run = (...args: string[]) => runInProcess(adminNotificationsCommand(), args);
const appFile = (phase: string): string =>
  file(
    `app-${phase}.yaml`,
    `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: guestbook}\nstatus:\n  sync: {status: Synced, revision: abc}\n  operationState: {phase: ${phase}, finishedAt: "2026-01-01T00:00:00Z"}\n`,
  );

test('trigger run: exit 0 when a condition holds, 1 when none does, 2-style error for an unknown trigger', async () => {
  const yes = await run('trigger', 'run', 'on-sync-succeeded', appFile('Succeeded'), '-o', 'json');
  assert.equal(yes.code, 0, yes.stderr);
  assert.equal((JSON.parse(yes.stdout) as { triggered: boolean }[])[0]?.triggered, true);
  const no = await run('trigger', 'run', 'on-sync-succeeded', appFile('Failed'));
  assert.equal(no.code, 1);
  const unknown = await run('trigger', 'run', 'on-nothing', appFile('Failed'));
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /no trigger on-nothing[\s\S]*trigger list/);
});

test('trigger list and template list include the default catalog', async () => {
  const triggers = await run('trigger', 'list', '-o', 'json');
  assert.ok((JSON.parse(triggers.stdout) as { name: string }[]).some((t) => t.name === 'on-health-degraded'));
  const templates = await run('template', 'list');
  assert.match(templates.stdout, /app-sync-failed/);
});

test('template notify renders the template and sends it with the secret resolved', async () => {
  const got: { headers: Record<string, unknown>; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    const cm = file(
      'cm.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-notifications-cm}\ndata:\n  service.webhook.hook: |\n    url: http://127.0.0.1:${port}\n    headers:\n    - {name: X-Token, value: $token}\n`,
    );
    const secret = file(
      'secret.yaml',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {token: t0k}\n',
    );
    const r = await run(
      'template',
      'notify',
      'app-sync-succeeded',
      appFile('Succeeded'),
      '--recipient',
      'hook',
      '--config-map',
      cm,
      '--secret',
      secret,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(got.length, 1);
    assert.equal(got[0]?.headers['x-token'], 't0k');
    assert.equal(
      (JSON.parse(got[0]?.body ?? '{}') as { title: string }).title,
      'Sync of guestbook succeeded',
    );
  } finally {
    server.close();
  }
});
