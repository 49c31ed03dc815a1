// Helm charts from an OCI registry through the product: a real `docker-registry` with htpasswd and
// TLS on loopback, charts pushed by `helm push`; `repo add --type helm --enable-oci` refusing a wrong
// password; an Application with repoURL `host/path` (no scheme, as Argo CD writes it) and a semver
// range following new tags; the password never in logs, API objects or process listings; a multi-source
// app (chart + $values from Git) with history, rollback, and manifests/diff at pinned source revisions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createLogger } from '../../src/common/log.js';
import { applyConfigMap, startApi, type RunningApi } from './api-support.js';
import { makeTestCA } from './git-servers.js';
import { type CliRun, cliRunner, loginAdmin } from './support/cli.js';
import { randomSuffix } from './support/cluster.js';
import { synced, waitForApp } from './support/controller.js';
import { kubectlOk } from './support/kubectl.js';
import { sampleProcesses } from './support/process-sampler.js';
import { registrySkipReason, startRegistry, type TestRegistry } from './support/registry.js';
import { ControllerSuite } from './support/suite.js';

const skip = registrySkipReason();
const s = new ControllerSuite('helm-oci-e2e');
const PASSWORD = `oci-${randomSuffix(10)}-planted`;
const user = { username: 'bob', password: PASSWORD };
const logs: string[] = [];
const xdg = mkdtempSync(join(tmpdir(), 'driftless-oci-cli-'));
const cli = cliRunner(xdg);
const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
let api: RunningApi | undefined;
let registry: TestRegistry | undefined;

/** Pushes chart `web` at `version` (a ConfigMap naming its version) to oci://HOST/charts. */
const pushWeb = (version: string) =>
  registry?.publishChart('charts', 'web', version, {
    'templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-version}\ndata: {version: "{{ .Chart.Version }}"}\n',
  });

/** Asks for a normal refresh, as `argocd app get --refresh` does. */
const refresh = (app: string) =>
  kubectlOk(['-n', s.NS, 'annotate', 'application', app, 'argocd.argoproj.io/refresh=normal', '--overwrite']);

before(async () => {
  if (skip) return;
  registry = await startRegistry([user], await makeTestCA());
  for (const v of ['1.0.0', '1.2.0', '1.3.0', '2.0.0']) await pushWeb(v);
  api = await startApi({
    namespace: s.NS,
    log: createLogger({ level: 'debug', format: 'json', write: (l) => logs.push(l) }),
  });
  await applyConfigMap(s.NS, 'argocd-tls-certs-cm', { '127.0.0.1': registry.caCert });
  await loginAdmin(cli, api.url, api.adminPassword);
});

after(async () => {
  if (api) await s.teardown(api.running);
  await registry?.close();
  rmSync(xdg, { recursive: true, force: true });
});

test(
  'repo add --type helm --enable-oci logs in to the registry: a wrong password is refused',
  { skip },
  async () => {
    const url = `${registry?.host}/charts`;
    const add = ['repo', 'add', url, '--type', 'helm', '--enable-oci', '--name', 'oci', '--username', 'bob'];
    const bad = await cli([...add, '--password', 'wrong-password']);
    assert.equal(bad.code, 1, show(bad));
    assert.match(bad.stderr, /cannot log in to OCI registry 127\.0\.0\.1:\d+: .*401/);
    const ok = await cli([...add, '--password-stdin'], { input: `${PASSWORD}\n` });
    assert.equal(ok.code, 0, show(ok));
    const list = await cli(['repo', 'list']);
    assert.equal(list.code, 0, show(list));
    assert.match(list.stdout, /helm\s+oci\s+127\.0\.0\.1:\d+\/charts\s+false\s+true/);
    assert.ok(!list.stdout.includes(PASSWORD));
  },
);

test(
  'an OCI chart with a semver range deploys the newest match and follows a new tag',
  { skip },
  async () => {
    const app = s.app('oci-web');
    const dest = s.destNs('oci-web');
    const sampler = sampleProcesses();
    try {
      await s.createApp(app, '', dest, {
        repoURL: `${registry?.host}/charts`,
        extraSource: { chart: 'web', targetRevision: '>=1.0.0 <2.0.0' },
        automated: {},
      });
      await waitForApp(
        s.NS,
        app,
        'Synced at 1.3.0',
        (a) => synced(a) && a.status?.sync?.revision === '1.3.0',
      );
    } finally {
      await sampler.stop();
    }
    const pulls = sampler.seen().filter((p) => / pull oci:\/\/127\.0\.0\.1:\d+\/charts\/web /.test(p));
    assert.ok(pulls.length > 0, 'the sampler saw helm pull');
    assert.deepEqual(
      sampler.seen().filter((p) => p.includes(PASSWORD)),
      [],
    );
    const version = () =>
      kubectlOk(['-n', dest, 'get', 'configmap', 'web-version', '-o', 'jsonpath={.data.version}']);
    assert.equal(await version(), '1.3.0');

    await pushWeb('1.4.0');
    await refresh(app);
    await waitForApp(s.NS, app, 'Synced at 1.4.0', (a) => synced(a) && a.status?.sync?.revision === '1.4.0');
    assert.equal(await version(), '1.4.0');
    const history = await kubectlOk(['-n', s.NS, 'get', 'application', app, '-o', 'json']);
    assert.ok(!history.includes(PASSWORD));
    assert.ok(logs.length > 0 && !logs.join('\n').includes(PASSWORD), 'the password is not in the logs');
  },
);

test(
  "a Git chart with a private OCI dependency (repo-creds template) and Argo CD's helm options",
  { skip },
  async () => {
    const host = registry?.host ?? '';
    await registry?.publishChart('private', 'lib', '0.1.0', {
      'templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lib-from-oci}\ndata: {from: registry}\n',
    });
    // The dependency's registry path has no repository Secret: a template covers it.
    const creds = await cli(
      [
        'repocreds',
        'add',
        `${host}/private`,
        '--type',
        'helm',
        '--enable-oci',
        '--username',
        'bob',
        '--password-stdin',
      ],
      {
        input: `${PASSWORD}\n`,
      },
    );
    assert.equal(creds.code, 0, show(creds));
    s.repo
      .write({
        'charts/umbrella/Chart.yaml': `apiVersion: v2\nname: umbrella\nversion: 0.1.0\ndependencies:\n  - {name: lib, version: 0.1.0, repository: "oci://${host}/private"}\n`,
        'charts/umbrella/values.yaml': 'motd: none\n',
        // The values break the schema: only skipSchemaValidation renders the chart.
        'charts/umbrella/values.schema.json': JSON.stringify({ type: 'object', required: ['replicas'] }),
        'charts/umbrella/files/motd.txt': 'hello from a file',
        'charts/umbrella/crds/gadget.yaml':
          'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: gadgets.skipped.example.com}\nspec: {group: skipped.example.com, names: {kind: Gadget, plural: gadgets}, scope: Namespaced, versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]}\n',
        'charts/umbrella/templates/test-pod.yaml':
          'apiVersion: v1\nkind: Pod\nmetadata: {name: umbrella-test, annotations: {helm.sh/hook: test}}\nspec: {containers: [{name: t, image: busybox}]}\n',
        'charts/umbrella/templates/info.yaml': [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata: {name: umbrella-info}',
          'data:',
          '  kube: {{ .Capabilities.KubeVersion.Version | quote }}',
          '  gadgets: {{ .Capabilities.APIVersions.Has "skipped.example.com/v1" | quote }}',
          '  namespace: {{ .Release.Namespace | quote }}',
          '  motd: {{ .Values.motd | quote }}',
          '',
        ].join('\n'),
      })
      .commit('umbrella chart with a private OCI dependency');
    const app = s.app('umbrella');
    const dest = s.destNs('umbrella');
    await s.createApp(app, 'charts/umbrella', dest, {
      automated: {},
      extraSource: {
        helm: {
          skipCrds: true,
          skipTests: true,
          skipSchemaValidation: true,
          namespace: 'release-ns',
          kubeVersion: '1.29.0',
          apiVersions: ['skipped.example.com/v1', 'v1'],
          valueFiles: ['values-missing.yaml'],
          ignoreMissingValueFiles: true,
          fileParameters: [{ name: 'motd', path: 'files/motd.txt' }],
        },
      },
    });
    const done = await waitForApp(
      s.NS,
      app,
      'Synced with lib from the registry',
      (a) => synced(a) && (a.status?.resources ?? []).length > 0,
      120_000,
    );
    const kinds = (done.status?.resources ?? []).map((r) => `${r.kind}/${r.name}`).sort();
    assert.deepEqual(kinds, ['ConfigMap/lib-from-oci', 'ConfigMap/umbrella-info']);
    const info = JSON.parse(
      await kubectlOk(['-n', dest, 'get', 'configmap', 'umbrella-info', '-o', 'jsonpath={.data}']),
    ) as Record<string, string>;
    assert.deepEqual(info, {
      kube: 'v1.29.0',
      gadgets: 'true',
      namespace: 'release-ns',
      motd: 'hello from a file',
    });
  },
);

test(
  'a multi-source app: chart from the registry, values from Git via $values; revisions, history and rollback',
  { skip },
  async () => {
    const host = registry?.host ?? '';
    await registry?.publishChart('charts', 'greet', '0.1.0', {
      'values.yaml': 'greeting: default\n',
      'templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: greeting}\ndata: {greeting: {{ .Values.greeting | quote }}}\n',
    });
    const first = s.repo.write({ 'envs/prod/values.yaml': 'greeting: hello v1\n' }).commit('values v1');

    const app = s.app('multi');
    const dest = s.destNs('multi');
    const sources = [
      {
        repoURL: `${host}/charts`,
        chart: 'greet',
        targetRevision: '0.1.0',
        helm: { valueFiles: ['$values/envs/prod/values.yaml'] },
      },
      { repoURL: s.repo.url, targetRevision: 'main', ref: 'values' },
    ];
    await s.createApp(app, '', dest, { sources, automated: {} });
    const greeting = () =>
      kubectlOk(['-n', dest, 'get', 'configmap', 'greeting', '-o', 'jsonpath={.data.greeting}']);
    const v1 = await waitForApp(
      s.NS,
      app,
      'Synced at values v1',
      (a) => synced(a) && a.status?.sync?.revisions?.[1] === first,
      120_000,
    );
    assert.deepEqual(v1.status?.sync?.revisions, ['0.1.0', first]);
    assert.equal(await greeting(), 'hello v1');

    const second = s.repo.write({ 'envs/prod/values.yaml': 'greeting: hello v2\n' }).commit('values v2');
    await refresh(app);
    const v2 = await waitForApp(
      s.NS,
      app,
      'Synced at values v2',
      (a) => synced(a) && a.status?.sync?.revisions?.[1] === second,
      120_000,
    );
    assert.equal(await greeting(), 'hello v2');
    const history = v2.status?.history ?? [];
    assert.deepEqual(history.at(-1)?.revisions, ['0.1.0', second]);
    assert.equal(history.at(-1)?.sources?.length, 2);
    const listed = await cli(['app', 'history', app]);
    assert.equal(listed.code, 0, show(listed));
    assert.ok(listed.stdout.includes(`0.1.0, ${second}`), listed.stdout);

    // Rollback to the first deployment: automated sync off first (as Argo CD requires).
    await kubectlOk([
      '-n',
      s.NS,
      'patch',
      'application',
      app,
      '--type',
      'json',
      '-p',
      '[{"op":"remove","path":"/spec/syncPolicy/automated"}]',
    ]);
    const back = await cli(['app', 'rollback', app, String(history.at(-2)?.id ?? 0), '--timeout', '120']);
    assert.equal(back.code, 0, show(back));
    const rolled = await waitForApp(
      s.NS,
      app,
      'rolled back to values v1',
      (a) =>
        a.status?.operationState?.syncResult?.revisions?.[1] === first &&
        a.status.operationState.phase === 'Succeeded',
      120_000,
    );
    assert.deepEqual(rolled.status?.operationState?.syncResult?.revisions, ['0.1.0', first]);
    assert.equal(await greeting(), 'hello v1');

    // argocd's --source-positions/--revisions: render (and diff) with the values source pinned.
    const manifests = async (...flags: string[]) => {
      const r = await cli(['app', 'manifests', app, ...flags]);
      assert.equal(r.code, 0, show(r));
      return /greeting: (.*)/.exec(r.stdout)?.[1];
    };
    assert.equal(await manifests(), 'hello v2');
    assert.equal(await manifests('--source-positions', '2', '--revisions', first), 'hello v1');
    assert.equal(
      await manifests('--source-positions', '1,2', '--revisions', '0.1.0', '--revisions', first),
      'hello v1',
    );
    const same = await cli(['app', 'diff', app, '--source-positions', '2', '--revisions', first]);
    assert.equal(same.code, 0, show(same));
    const ahead = await cli(['app', 'diff', app, '--source-positions', '2', '--revisions', second]);
    assert.equal(ahead.code, 1, show(ahead));
    assert.match(ahead.stdout, /-\s+greeting: hello v1[\s\S]*\+\s+greeting: hello v2/, show(ahead));
    const ambiguous = await cli(['app', 'manifests', app, '--revision', first]);
    assert.equal(ambiguous.code, 1, show(ambiguous));
    assert.match(ambiguous.stderr, /has 2 sources: say which source the revision is for/, show(ambiguous));
    assert.match(ambiguous.stderr, /--source-positions/, show(ambiguous));
    const outOfRange = await cli(['app', 'diff', app, '--source-positions', '3', '--revisions', first]);
    assert.equal(outOfRange.code, 2, show(outOfRange));
    assert.match(
      outOfRange.stderr,
      /source position 3 is not a source of .*: it has 2 sources/,
      show(outOfRange),
    );
    const unpaired = await cli(['app', 'manifests', app, '--source-positions', '1,2', '--revisions', first]);
    assert.equal(unpaired.code, 2, show(unpaired));
    assert.match(unpaired.stderr, /pair up in order: got 2 positions and 1 revisions/, show(unpaired));
  },
);
