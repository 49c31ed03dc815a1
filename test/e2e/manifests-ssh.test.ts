// The offline `driftless manifests` over ssh, as a user runs it: host keys from known_hosts files
// (the user's by default, or --ssh-known-hosts), a key from --ssh-private-key-path; an unknown host
// key is refused with a hint, never accepted silently.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sshdPath, startSshGitServer, type SshGitServer } from './git-servers.js';
import { cliRunner, type CliRun } from './support/cli.js';
import { TestRepo } from './support/git-repo.js';

const skip = sshdPath ? undefined : 'sshd is not installed';
const dir = mkdtempSync(join(tmpdir(), 'driftless-manifests-ssh-'));
const cli = cliRunner(join(dir, 'xdg'));
const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
const repo = new TestRepo();
let sshd: SshGitServer | undefined;
let url = '';

before(async () => {
  if (skip) return;
  sshd = await startSshGitServer();
  repo.write({ 'app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: over-ssh}\n' }).commit('cm');
  const bare = join(dir, 'manifests.git');
  execFileSync('git', ['init', '-q', '--bare', bare]);
  repo.git('push', '-q', bare, 'main');
  url = `ssh://root@127.0.0.1:${sshd.port}${bare}`;
  writeFileSync(join(dir, 'id'), sshd.clientKey, { mode: 0o600 });
  writeFileSync(join(dir, 'known_hosts'), sshd.knownHosts);
  writeFileSync(join(dir, 'empty_known_hosts'), '');
});

after(async () => {
  await sshd?.close();
  repo.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const manifests = (knownHosts: string) =>
  cli([
    'manifests',
    '--repo',
    url,
    '--revision',
    'main',
    '--path',
    'app',
    '--ssh-private-key-path',
    join(dir, 'id'),
    '--ssh-known-hosts',
    join(dir, knownHosts),
    '--cache-dir',
    join(dir, `cache-${knownHosts}`),
  ]);

test('driftless manifests renders an ssh repository whose host key is in known_hosts', { skip }, async () => {
  const r = await manifests('known_hosts');
  assert.equal(r.code, 0, show(r));
  assert.match(r.stdout, /name: over-ssh/);
});

test('driftless manifests refuses an ssh host whose key is not known', { skip }, async () => {
  const r = await manifests('empty_known_hosts');
  assert.equal(r.code, 1, show(r));
  assert.match(r.stderr, /host key/i);
});
