// `driftless image set` as CI runs it: a script clones the config repository, sets the image in a
// kustomize overlay and pushes; another sets a Helm values key through --repo over HTTP with the
// credentials from the environment. Driftless (runServer) deploys each commit; re-running is exit 3.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startHttpGitServer, type HttpGitServer } from './git-servers.js';
import { randomSuffix } from './support/cluster.js';
import { startController, synced, waitForApp, type RunningController } from './support/controller.js';
import { deploymentImage as imageOf } from './support/kubectl.js';
import { deployment } from './support/manifests.js';
import { ControllerSuite } from './support/suite.js';
import { waitFor } from './support/wait.js';

const MAIN = new URL('../../src/cli/main.js', import.meta.url).pathname;
const s = new ControllerSuite('imgset-e2e');
const root = mkdtempSync(join(tmpdir(), 'driftless-imgset-'));
const bare = join(root, 'config.git');
const PASSWORD = `ci-${randomSuffix(12)}`;
let ctl: RunningController;
let http: HttpGitServer;

const CHART_DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: {{ .Release.Name }}-chart}
spec:
  replicas: 1
  selector: {matchLabels: {app: chart}}
  template:
    metadata: {labels: {app: chart}}
    spec:
      containers:
      - name: web
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
`;

/** Runs a shell script as CI would, with the driftless CLI on hand as $DRIFTLESS (async: the git server is in this process). */
function ci(
  script: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: root,
    env: {
      ...process.env,
      DRIFTLESS: `${process.execPath} ${MAIN}`,
      BARE: bare,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}
const log = (fmt: string) =>
  execFileSync('git', ['-C', bare, 'log', '-1', `--format=${fmt}`, 'main'], { encoding: 'utf8' }).trim();

before(async () => {
  s.repo.write({
    'overlays/prod/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'overlays/prod/deployment.yaml': deployment('web'),
    'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    'chart/values.yaml': '# the image CI sets\nimage:\n  repository: nginx\n  tag: "1.27" # replaced by CI\n',
    'chart/templates/deployment.yaml': CHART_DEPLOY,
  });
  s.repo.commit('seed');
  execFileSync('git', ['clone', '-q', '--bare', s.repo.dir, bare]);
  http = await startHttpGitServer(root, { username: 'ci', password: PASSWORD });
  ctl = await startController({ namespace: s.NS });
});
after(async () => {
  await s.teardown(ctl);
  await http.close();
  rmSync(root, { recursive: true, force: true });
});

test('a CI script sets the overlay image with --dir and --push; the app rolls out; a re-run is exit 3', async () => {
  const app = s.app('overlay');
  const dest = s.destNs('imgset-overlay');
  await s.createApp(app, 'overlays/prod', dest, { repoURL: `file://${bare}`, automated: { prune: true } });
  await waitForApp(s.NS, app, 'synced to the seed', synced, 120_000);
  const script = `git clone -q "$BARE" ci-checkout && cd ci-checkout
git config user.name "CI Runner" && git config user.email ci@example.com
$DRIFTLESS image set --dir . --path overlays/prod nginx=nginx:1.27.1 --push -o json`;
  const r = await ci(script);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { changed: boolean; pushed: boolean; commit: string; files: string[] };
  assert.deepEqual([out.changed, out.pushed, out.files], [true, true, ['overlays/prod/kustomization.yaml']]);
  assert.equal(log('%H|%an|%s'), `${out.commit}|CI Runner|Set image nginx to nginx:1.27.1 in overlays/prod`);
  await waitFor(async () => (await imageOf(dest, 'web')) === 'nginx:1.27.1', {
    what: 'the Deployment to run nginx:1.27.1',
    timeoutMs: 120_000,
  });
  const again = await ci(
    `cd ci-checkout && $DRIFTLESS image set --dir . --path overlays/prod nginx=nginx:1.27.1 --push`,
  );
  assert.equal(again.code, 3, again.stdout + again.stderr);
  assert.match(again.stdout, /nothing to change/);
  const allowed = await ci(
    `cd ci-checkout && $DRIFTLESS image set --dir . --path overlays/prod nginx=nginx:1.27.1 --push --allow-empty`,
  );
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.equal(log('%H'), out.commit, 'no commit for no change');
});

test('--repo over HTTP with credentials from the environment sets a Helm values key with a templated message', async () => {
  const app = s.app('chart');
  const dest = s.destNs('imgset-chart');
  await s.createApp(app, 'chart', dest, { repoURL: `file://${bare}`, automated: { prune: true } });
  await waitForApp(s.NS, app, 'synced', synced, 120_000);
  const r = await ci(
    `$DRIFTLESS image set --repo "$URL" --path chart --helm-values values.yaml --key image.tag nginx=nginx:1.27.2 \\
  --message 'ci: {{range .Changes}}{{.Name}} -> {{.NewTag}}{{end}}' --author 'CI Bot <bot@example.com>' --push`,
    { URL: `${http.url}/config.git`, DRIFTLESS_GIT_USERNAME: 'ci', DRIFTLESS_GIT_PASSWORD: PASSWORD },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!(r.stdout + r.stderr).includes(PASSWORD));
  assert.equal(log('%an <%ae>|%s'), 'CI Bot <bot@example.com>|ci: nginx -> 1.27.2');
  const values = execFileSync('git', ['-C', bare, 'show', 'main:chart/values.yaml'], { encoding: 'utf8' });
  assert.equal(
    values,
    '# the image CI sets\nimage:\n  repository: nginx\n  tag: "1.27.2" # replaced by CI\n',
  );
  await waitFor(async () => (await imageOf(dest, `${app}-chart`)) === 'nginx:1.27.2', {
    what: 'the chart Deployment to run nginx:1.27.2',
    timeoutMs: 120_000,
  });
  const wrong = await ci(
    `$DRIFTLESS image set --repo "$URL" --path chart --helm-values values.yaml nginx=nginx:9 --push`,
    {
      URL: `${http.url}/config.git`,
      DRIFTLESS_GIT_PASSWORD: 'not-the-password',
    },
  );
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /error: .*failed.*\nhint: check the username\/password/);
  assert.ok(!wrong.stderr.includes('not-the-password'));
});
