// crdProblems: when a CRD found in the cluster (ours, Argo CD's, or none) can serve Driftless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCrds } from '../model/crds.js';
import type { KubeObject } from '../model/kube-object.js';
import { crdProblems } from './crds.js';

const [application] = loadCrds();

function live(
  crd: KubeObject,
  edit: (version: Record<string, unknown>) => void,
  established = true,
): KubeObject {
  const copy = structuredClone(crd) as KubeObject & { spec: { versions: Record<string, unknown>[] } };
  for (const v of copy.spec.versions) edit(v);
  copy.status = { conditions: [{ type: 'Established', status: established ? 'True' : 'False' }] };
  return copy;
}

test('our own CRD, established, has no problems', () => {
  assert.ok(application);
  assert.deepEqual(
    crdProblems(
      application,
      live(application, () => {}),
    ),
    [],
  );
});

test('a missing CRD, one not established, or one not serving v1alpha1 is named', () => {
  assert.ok(application);
  assert.deepEqual(crdProblems(application, undefined), ['applications.argoproj.io is not installed']);
  assert.match(
    crdProblems(
      application,
      live(application, () => {}, false),
    ).join(),
    /not Established/,
  );
  assert.match(
    crdProblems(
      application,
      live(application, (v) => (v['served'] = false)),
    ).join(),
    /does not serve v1alpha1/,
  );
});

test("Argo CD's Application CRD (no status subresource) is reported, since status is written through it", () => {
  assert.ok(application);
  const problems = crdProblems(
    application,
    live(application, (v) => delete v['subresources']),
  );
  assert.deepEqual(problems, [
    "applications.argoproj.io v1alpha1 has no status subresource (Argo CD's Application CRD does not)",
  ]);
});
