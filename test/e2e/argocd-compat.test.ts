// Installing over Argo CD prunes nothing: Argo CD's documented objects, every field set, round-trip
// unchanged through the Driftless CRDs (kube-apiserver) and through the Driftless API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Application, AppProject, KubeObject } from '../../src/model/index.js';
import { packageRoot } from '../../src/common/package-root.js';
import { startApi, type RunningApi } from './api-support.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { kubectl, kubectlJson, kubectlOk } from './support/kubectl.js';

// Unique per run: on a busy shared cluster a namespace from an earlier run may still be terminating.
const CONTROL_NS = `argocd-compat-${randomSuffix()}`;
// Objects here are not watched by the controller, so their status is exactly what we wrote.
const STORE_NS = `compat-store-${randomSuffix()}`;
let api: RunningApi;

type Doc = KubeObject & { spec: Record<string, unknown>; status?: unknown; operation?: unknown };

function fixtures(file: string): Doc[] {
  const text = readFileSync(join(packageRoot(), 'testdata', 'argocd-compat', file), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS() as Doc);
}

const RESOURCE: Record<string, string> = {
  Application: 'applications.argoproj.io',
  AppProject: 'appprojects.argoproj.io',
  ApplicationSet: 'applicationsets.argoproj.io',
};

/** Server-side applies the object (status through /status where the CRD has it) and reads it back. */
async function roundTrip(doc: Doc): Promise<Doc> {
  // The cluster is shared: a suite built from an older checkout may have just applied older CRDs.
  await kubectlOk([
    'apply',
    '--server-side',
    '--force-conflicts',
    '-f',
    join(packageRoot(), 'deploy', 'crds'),
  ]);
  const { status, ...rest } = doc;
  const withStatusSubresource = doc.kind !== 'AppProject';
  const body = { ...rest, metadata: { ...doc.metadata, namespace: STORE_NS } };
  if (!withStatusSubresource && status !== undefined) Object.assign(body, { status });
  // Strict field validation: an unknown (would-be pruned) field fails the apply instead of vanishing.
  await kubectlOk(['apply', '--server-side', '--validate=strict', '-f', '-'], {
    input: JSON.stringify(body),
  });
  const resource = RESOURCE[doc.kind] ?? '';
  if (withStatusSubresource && status !== undefined) {
    await kubectlOk([
      '-n',
      STORE_NS,
      'patch',
      resource,
      doc.metadata.name ?? '',
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status }),
    ]);
  }
  return kubectlJson<Doc>(['-n', STORE_NS, 'get', resource, doc.metadata.name ?? '']);
}

before(async () => {
  api = await startApi({ namespace: CONTROL_NS });
  await kubectlOk(['create', 'namespace', STORE_NS]);
});
after(async () => {
  await kubectl(['-n', CONTROL_NS, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await api?.stop();
  await kubectl(['delete', 'namespace', STORE_NS, CONTROL_NS, '--wait=false']);
});

for (const file of ['application.yaml', 'appproject.yaml', 'applicationset.yaml']) {
  test(`every field of Argo CD's ${file} survives the Driftless CRDs (spec, operation, status)`, async () => {
    for (const doc of fixtures(file)) {
      // Finalizers would hold the objects in the store namespace; they are metadata, not schema.
      delete doc.metadata.finalizers;
      const live = await roundTrip(doc);
      assert.deepEqual(live.spec, doc.spec, `${doc.kind} ${doc.metadata.name}: spec`);
      assert.deepEqual(live.operation, doc.operation, `${doc.kind} ${doc.metadata.name}: operation`);
      assert.deepEqual(live.status, doc.status, `${doc.kind} ${doc.metadata.name}: status`);
    }
  });
}

test('the Driftless API creates and returns Argo CD objects with every spec field intact', async () => {
  await api.admin.login('admin', api.adminPassword);
  const [project] = fixtures('appproject.yaml') as unknown as AppProject[];
  assert.ok(project);
  delete project.metadata.finalizers;
  delete project.status;
  await api.admin.createProject(project);
  const readProject = await waitFor(
    () => api.admin.getProject(project.metadata.name).catch(() => undefined),
    {
      what: 'the created project in the API',
      timeoutMs: 30_000,
    },
  );
  assert.deepEqual(readProject.spec, project.spec);

  const [app] = fixtures('application.yaml') as unknown as Application[];
  assert.ok(app);
  delete app.metadata.finalizers;
  delete app.status;
  delete (app as { operation?: unknown }).operation;
  // The API refuses what Driftless cannot run (plugins; several source types in one source) with a
  // clear error; every other field, typed or not, must come back as written.
  const source = app.spec.source as unknown as Record<string, unknown>;
  for (const k of ['plugin', 'directory', 'kustomize', 'chart']) delete source[k];
  const created = await api.admin.createApplication(app);
  assert.deepEqual(created.spec, app.spec);
  // Reads are served from the watch cache: wait until the created app has arrived there.
  const read = await waitFor(() => api.admin.getApplication(app.metadata.name).catch(() => undefined), {
    what: 'the created application in the API',
    timeoutMs: 30_000,
  });
  assert.deepEqual(read.spec, app.spec);
});
