// SOPS through driftless server: files encrypted with the real sops for an age key held in a labelled
// Secret of the control namespace deploy decrypted (past the plaintext-Secret guardrail); the planted
// value is in no log, API answer, diff, Application or Event; a file for another key is a
// ComparisonError naming the file and the recipient, and nothing is pruned.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { execChecked } from '../../src/common/exec.js';
import { createLogger } from '../../src/common/log.js';
import { missingTool } from '../../src/common/testing/missing-tool.js';
import { startApi, type RunningApi } from './api-support.js';
import { builtTool } from './support/built-tools.js';
import { randomSuffix } from './support/cluster.js';
import { exists, healthy, jsonpath, synced, waitForApp } from './support/controller.js';
import { kubectlOk } from './support/kubectl.js';
import { ControllerSuite } from './support/suite.js';

const sops = builtTool('sops', 'sops');
const keygen = builtTool('sops', 'age-keygen');
const skip = sops && keygen ? false : missingTool('sops', 'run scripts/build-tools.sh sops');
const s = new ControllerSuite('sops');
const PLANTED = `sops-planted-${randomSuffix(10)}`;
const logs: string[] = [];
let api: RunningApi;

async function newKey(): Promise<{ identity: string; recipient: string }> {
  const out = (await execChecked(keygen ?? 'age-keygen', [])).stdout;
  return {
    identity: out.split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-')) ?? '',
    recipient: /public key: (age1\w+)/.exec(out)?.[1] ?? '',
  };
}

/** Writes `text` at `path` in the repo, encrypted by sops for `recipient` (as `sops encrypt --in-place`). */
async function writeEncrypted(path: string, text: string, recipient: string): Promise<void> {
  s.repo.write({ [path]: text });
  await execChecked(sops ?? 'sops', ['encrypt', '--in-place', '--age', recipient, join(s.repo.dir, path)]);
}

before(async () => {
  if (skip) return;
  api = await startApi({
    namespace: s.NS,
    log: createLogger({ level: 'debug', format: 'json', write: (l) => logs.push(l) }),
  });
  await api.admin.login('admin', api.adminPassword);
});
after(async () => {
  if (!skip) await s.teardown(api.running);
});

test(
  'a SOPS-encrypted Secret and dotenv generator deploy decrypted; another key is a ComparisonError and nothing is pruned',
  { skip },
  async () => {
    const ours = await newKey();
    const theirs = await newKey();
    await kubectlOk([
      '-n',
      s.NS,
      'create',
      'secret',
      'generic',
      'sops-age',
      `--from-literal=age.agekey=${ours.identity}`,
    ]);
    await kubectlOk(['-n', s.NS, 'label', 'secret', 'sops-age', 'driftless.io/secret-type=sops-age']);
    await s.createProject('protected', { 'driftless.io/guardrails': 'plaintext-secrets' });
    s.repo.write({
      'app/kustomization.yaml':
        'resources: [db.enc.yaml, settings.yaml]\nsecretGenerator:\n- name: api\n  envs: [api.enc.env]\n',
      'app/settings.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: prod}\n',
    });
    await writeEncrypted(
      'app/db.enc.yaml',
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${PLANTED}\n`,
      ours.recipient,
    );
    await writeEncrypted('app/api.enc.env', `TOKEN=${PLANTED}-token\n`, ours.recipient);
    s.repo.commit('secrets encrypted with sops');
    const name = s.app('sops');
    const dest = s.destNs('sops');
    await s.createApp(name, 'app', dest, { automated: { prune: true }, spec: { project: 'protected' } });

    await waitForApp(s.NS, name, 'Synced and Healthy', (a) => synced(a) && healthy(a), 120_000);
    const password = await jsonpath(['-n', dest, 'get', 'secret', 'db'], '{.data.password}');
    assert.equal(Buffer.from(password, 'base64').toString(), PLANTED);
    const generated = await kubectlOk(['-n', dest, 'get', 'secrets', '-o', 'json']);
    assert.ok(generated.includes(Buffer.from(`${PLANTED}-token`).toString('base64')), 'generator decrypted');
    const whileSynced = [
      JSON.stringify(await api.admin.manifests(name)),
      JSON.stringify(await api.admin.managedResources(name)),
    ];

    // A file only another key opens: a ComparisonError naming it and its recipient; nothing pruned.
    s.repo.remove('app/settings.yaml').write({
      'app/kustomization.yaml':
        'resources: [db.enc.yaml]\nsecretGenerator:\n- name: api\n  envs: [api.enc.env]\n',
    });
    await writeEncrypted(
      'app/db.enc.yaml',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: x\n',
      theirs.recipient,
    );
    s.repo.commit('re-encrypted for another team, and settings removed');
    const failed = await waitForApp(s.NS, name, 'a ComparisonError naming the file', (a) =>
      (a.status?.conditions ?? []).some(
        (c) =>
          c.type === 'ComparisonError' &&
          c.message.includes('app/db.enc.yaml') &&
          c.message.includes(theirs.recipient),
      ),
    );
    assert.doesNotMatch(JSON.stringify(failed), /AGE-SECRET-KEY/);
    for (const obj of ['configmap/settings', 'secret/db'])
      assert.equal(await exists(['-n', dest, obj]), true, `${obj} must not be pruned after a failed render`);

    // The planted value: in no log line, API answer (app, diff, manifests, tree), Application or Event.
    const texts = [
      ...whileSynced,
      logs.join('\n'),
      JSON.stringify(await api.admin.resourceTree(name)),
      JSON.stringify(await api.admin.getApplication(name)),
      await kubectlOk(['-n', s.NS, 'get', 'applications.argoproj.io', '-o', 'json']),
      await kubectlOk(['get', 'events', '-A', '-o', 'json']),
    ];
    for (const t of texts) {
      assert.ok(!t.includes(PLANTED), `found the decrypted value in: ${t.slice(0, 200)}`);
      assert.ok(
        !t.includes(Buffer.from(PLANTED).toString('base64')),
        `found it base64-encoded in: ${t.slice(0, 200)}`,
      );
      assert.ok(!t.includes(ours.identity), 'found the age key');
    }
  },
);
