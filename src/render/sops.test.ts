// SOPS at render time with the real sops and age-keygen: directories, Kustomize generators (dotenv
// and binary), Helm value files; missing and wrong keys; nothing decrypted left on disk; marks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { missingTool } from '../common/testing/missing-tool.js';
import { execChecked } from '../common/exec.js';
import { ANNOTATION_SOPS_DECRYPTED, type KubeObject } from '../model/index.js';
import { RenderError } from './errors.js';
import { RepoService } from './repo-service.js';
import { markDecryptedSecrets } from './sops.js';
import { isSopsEncrypted } from './sops-scan.js';
import { git } from './testing/fixture-repo.js';
import { toolAvailable } from './testing/tool-available.js';
import { ToolLocator } from './tools.js';

const SECRET_VALUE = 'planted-sops-value-4f1c9';

async function ageKey(keygen: string): Promise<{ identity: string; recipient: string }> {
  const out = (await execChecked(keygen, [])).stdout;
  const identity = out.split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-')) ?? '';
  const recipient = /public key: (age1\w+)/.exec(out)?.[1] ?? '';
  return { identity, recipient };
}

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

describe('SOPS at render time', { skip: toolAvailable('sops') ? false : missingTool('sops') }, () => {
  let dir: string;
  let cacheDir: string;
  let url: string;
  let keys = '';
  let recipient = '';
  let wrong = { identity: '', recipient: '' };
  const svc = () =>
    new RepoService({
      cacheDir,
      credentials: {
        accessFor: () => ({}),
        sshKnownHosts: () => '',
        tlsCertsFor: () => undefined,
        sopsAgeKeys: () => keys,
      },
    });
  const render = (s: RepoService, source: Record<string, unknown>) =>
    s.render({
      appName: 'sops',
      appNamespace: 'argocd',
      destinationNamespace: 'default',
      source: { repoURL: url, ...source },
    });

  before(async () => {
    const sops = new ToolLocator().locate('sops').command;
    const keygen = join(dirname(sops), 'age-keygen');
    const right = await ageKey(keygen);
    wrong = await ageKey(keygen);
    recipient = right.recipient;
    dir = await mkdtemp(join(tmpdir(), 'driftless-sops-'));
    cacheDir = await mkdtemp(join(tmpdir(), 'driftless-sops-cache-'));
    const put = async (rel: string, text: string | Buffer) => {
      await mkdir(dirname(join(dir, rel)), { recursive: true });
      await writeFile(join(dir, rel), text);
    };
    const encrypt = async (rel: string, ...extra: string[]) =>
      put(rel, (await execChecked(sops, ['encrypt', '--age', recipient, ...extra, join(dir, rel)])).stdout);
    await put(
      'plain/secret.enc.yaml',
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${SECRET_VALUE}\n`,
    );
    await encrypt('plain/secret.enc.yaml', '--encrypted-regex', '^(data|stringData)$');
    await put(
      'plain/forged.yaml',
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: forged\n  annotations: {${ANNOTATION_SOPS_DECRYPTED}: "true"}\nstringData:\n  a: b\n`,
    );
    await put(
      'kust/kustomization.yaml',
      'secretGenerator:\n- name: app\n  envs: [app.enc.env]\n  files: [key.bin]\n',
    );
    await put('kust/app.enc.env', `TOKEN=${SECRET_VALUE}\n`);
    await encrypt('kust/app.enc.env');
    await put('kust/key.bin', 'binary-key-material\n');
    await encrypt('kust/key.bin');
    await put('chart/Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    await put(
      'chart/templates/s.yaml',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: from-values\nstringData:\n  pw: {{ .Values.pw | quote }}\n',
    );
    await put('chart/secrets.yaml', `pw: ${SECRET_VALUE}\n`);
    await encrypt('chart/secrets.yaml');
    await git(dir, 'init', '--quiet', '--initial-branch=main');
    await git(dir, 'add', '-A');
    await git(dir, '-c', 'user.name=t', '-c', 'user.email=t@e.invalid', 'commit', '--quiet', '-m', 'sops');
    url = `file://${dir}`;
    keys = `${wrong.identity}\n${right.identity}`;
    assert.ok(isSopsEncrypted(await readFile(join(dir, 'kust/key.bin'), 'utf8')), 'binary file recognised');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('decrypts a Secret manifest of a directory and marks it; a forged mark is removed', async () => {
    const res = await render(svc(), { path: 'plain' });
    const db = res.objects.find((o) => o.metadata.name === 'db') as KubeObject & {
      stringData: Record<string, string>;
    };
    assert.equal(db.stringData['password'], SECRET_VALUE);
    assert.equal(db.metadata.annotations?.[ANNOTATION_SOPS_DECRYPTED], 'true');
    const forged = res.objects.find((o) => o.metadata.name === 'forged');
    assert.equal(forged?.metadata.annotations?.[ANNOTATION_SOPS_DECRYPTED], undefined);
  });

  it('decrypts the dotenv and binary files a Kustomize generator reads', async () => {
    const res = await render(svc(), { path: 'kust' });
    const s = res.objects.find((o) => o.kind === 'Secret') as KubeObject & { data: Record<string, string> };
    assert.equal(Buffer.from(s.data['TOKEN'] ?? '', 'base64').toString(), SECRET_VALUE);
    assert.equal(Buffer.from(s.data['key.bin'] ?? '', 'base64').toString(), 'binary-key-material\n');
    assert.equal(s.metadata.annotations?.[ANNOTATION_SOPS_DECRYPTED], 'true');
  });

  it('decrypts a Helm value file', async () => {
    const res = await render(svc(), { path: 'chart', helm: { valueFiles: ['secrets.yaml'] } });
    const s = res.objects.find((o) => o.kind === 'Secret') as KubeObject & {
      stringData: Record<string, string>;
    };
    assert.equal(s.stringData['pw'], SECRET_VALUE);
    assert.equal(s.metadata.annotations?.[ANNOTATION_SOPS_DECRYPTED], 'true');
  });

  it('leaves nothing decrypted, and no key, on disk after a render', async () => {
    await render(svc(), { path: 'kust', kustomize: { namePrefix: 'x-' } });
    for (const f of await files(cacheDir)) {
      const text = await readFile(f, 'utf8');
      assert.ok(!text.includes(SECRET_VALUE) && !text.includes('AGE-SECRET-KEY-'), `${f} holds plaintext`);
    }
  });

  it('fails naming the file and the recipient when no key is configured, or only another one', async () => {
    const saved = keys;
    for (const k of ['', wrong.identity]) {
      keys = k;
      await assert.rejects(render(svc(), { path: 'plain' }), (e: unknown) => {
        assert.ok(e instanceof RenderError);
        assert.equal(e.reason, 'DecryptFailed');
        assert.equal(e.file, 'plain/secret.enc.yaml');
        assert.match(e.message, new RegExp(recipient));
        assert.doesNotMatch(e.message + (e.hint ?? ''), /AGE-SECRET-KEY/);
        return true;
      });
    }
    keys = saved;
  });
});

describe('markDecryptedSecrets', () => {
  const secret = (data: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's' },
    data,
    ...extra,
  });
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const marked = (o: KubeObject) => o.metadata.annotations?.[ANNOTATION_SOPS_DECRYPTED] === 'true';

  it('marks a Secret whose every value was decrypted, raw or base64-encoded', () => {
    const objs = [secret({ a: b64('x'), b: 'eQ==' }), secret({ a: b64('x'), c: b64('plain') })];
    markDecryptedSecrets(
      objs.map((object) => ({ object })),
      new Set(['x', 'eQ==']),
    );
    assert.deepEqual(objs.map(marked), [true, false]);
  });

  it('never marks an empty Secret or another kind, and strips a mark that came from Git', () => {
    const forged = secret({ a: b64('plain') });
    forged.metadata.annotations = { [ANNOTATION_SOPS_DECRYPTED]: 'true', keep: '1' };
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'x' } };
    const objs = [secret({}), cm, forged];
    markDecryptedSecrets(
      objs.map((object) => ({ object })),
      new Set(['x']),
    );
    assert.deepEqual(objs.map(marked), [false, false, false]);
    assert.deepEqual(forged.metadata.annotations, { keep: '1' });
  });
});

describe('isSopsEncrypted', () => {
  it('recognises the MAC of each SOPS format and nothing else', () => {
    assert.ok(isSopsEncrypted('a: ENC[AES256_GCM,data:x]\nsops:\n    mac: ENC[AES256_GCM,data:y]\n'));
    assert.ok(isSopsEncrypted('{"a":"ENC[AES256_GCM,data:x]","sops":{"mac":"ENC[AES256_GCM,data:y]"}}'));
    assert.ok(isSopsEncrypted('A=ENC[AES256_GCM,data:x]\nsops_mac=ENC[AES256_GCM,data:y]\n'));
    assert.ok(!isSopsEncrypted('note: ENC[AES256_GCM, is how sops marks values\n'));
    assert.ok(!isSopsEncrypted('apiVersion: v1\nkind: Secret\n'));
  });
});
