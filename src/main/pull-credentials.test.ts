import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualTimers } from '../common/timers.js';
import { parseImageRef } from '../image/image-ref.js';
import type { KubeClient } from '../kube/client.js';
import { RegistryCredentialSource } from './pull-credentials.js';

/** ext: and env: forms never reach the cluster; a client that fails any call proves it. */
const noClient = new Proxy({} as KubeClient, {
  get: () => () => Promise.reject(new Error('no cluster in this test')),
});

test('ext: runs the script, reads user:password from its first line, reuses it for a minute', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'driftless-ext-creds-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const count = join(dir, 'count');
  const script = join(dir, 'creds.sh');
  writeFileSync(script, `#!/bin/sh\necho x >> ${count}\necho 'robot:s3cr:et'\necho trailing\n`);
  chmodSync(script, 0o755);
  const timers = new ManualTimers();
  const src = new RegistryCredentialSource(noClient, () => undefined, timers);
  const image = parseImageRef('registry.example.com/team/api:v1');
  assert.deepEqual(await src.forImage(image, `ext:${script}`), { username: 'robot', password: 's3cr:et' });
  await src.forImage(image, `ext:${script}`);
  assert.equal(readFileSync(count, 'utf8').trim().split('\n').length, 1);
  timers.advance(61_000);
  await src.forImage(image, `ext:${script}`);
  assert.equal(readFileSync(count, 'utf8').trim().split('\n').length, 2);
});

test('ext: a failing script, bad output or a relative path are errors that never show the output', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'driftless-ext-creds-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const fails = join(dir, 'fails.sh');
  writeFileSync(fails, "#!/bin/sh\necho 'robot:topsecret'\necho 'robot:topsecret' >&2\nexit 3\n");
  const bad = join(dir, 'bad.sh');
  writeFileSync(bad, '#!/bin/sh\necho topsecret\n');
  chmodSync(fails, 0o755);
  chmodSync(bad, 0o755);
  const src = new RegistryCredentialSource(noClient, () => undefined, new ManualTimers());
  const image = parseImageRef('registry.example.com/team/api');
  const refused = async (ref: string, re: RegExp) => {
    const e = await src.forImage(image, ref).then(
      () => assert.fail(`${ref} was accepted`),
      (err: unknown) => err as Error & { hint?: string },
    );
    assert.match(e.message, re);
    assert.ok(!`${e.message} ${e.hint ?? ''}`.includes('topsecret'), e.message);
  };
  await refused(`ext:${fails}`, /exited with 3/);
  await refused(`ext:${bad}`, /does not hold username:password/);
  await refused('ext:creds.sh', /not an absolute path/);
  await refused(`ext:${join(dir, 'missing.sh')}`, /could not run/);
});

test('the annotation wins over registries.conf; registries.conf covers images without one', async () => {
  process.env['DRIFTLESS_TEST_REG_A'] = 'alice:a-pass';
  process.env['DRIFTLESS_TEST_REG_B'] = 'bob:b-pass';
  const conf = 'registries:\n- prefix: registry.example.com\n  credentials: env:DRIFTLESS_TEST_REG_B\n';
  const src = new RegistryCredentialSource(noClient, () => ({ 'registries.conf': conf }), new ManualTimers());
  const image = parseImageRef('registry.example.com/team/api');
  assert.equal((await src.forImage(image, 'env:DRIFTLESS_TEST_REG_A'))?.username, 'alice');
  assert.equal((await src.forImage(image, undefined))?.username, 'bob');
  assert.equal(await src.forImage(parseImageRef('quay.io/x/y'), undefined), undefined);
  await assert.rejects(src.forImage(image, 'vault:x'), /not supported/);
});
