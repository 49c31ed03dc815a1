import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppProject, KubeObject } from '../model/index.js';
import { guardrailViolations, mutableImageReason, projectGuardrails } from './guardrails.js';

const project = (annotation?: string): AppProject =>
  ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: 'prod',
      ...(annotation !== undefined ? { annotations: { 'driftless.io/guardrails': annotation } } : {}),
    },
    spec: {},
  }) as AppProject;
const secret = (extra: Partial<KubeObject> = {}, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'shop', ...(annotations ? { annotations } : {}) },
  ...extra,
});
const deploy = (...images: string[]): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    template: {
      spec: {
        initContainers: [{ name: 'i', image: images[1] ?? 'busybox:1.36' }],
        containers: [{ name: 'c', image: images[0] }],
      },
    },
  },
});
const all = projectGuardrails(project('plaintext-secrets, mutable-images'));

test('the annotation: off without it, names parsed, unknown names refused', () => {
  assert.equal(projectGuardrails(project()).enabled.size, 0);
  assert.equal(projectGuardrails(undefined).enabled.size, 0);
  assert.deepEqual([...all.enabled], ['plaintext-secrets', 'mutable-images']);
  const typo = projectGuardrails(project('plaintext-secret'));
  assert.deepEqual(typo.unknown, ['plaintext-secret']);
  assert.match(
    guardrailViolations(typo, deploy('nginx:1.27'))[0] ?? '',
    /unknown guardrail "plaintext-secret"/,
  );
});

test('plaintext Secrets are refused; empty, SOPS-decrypted and other kinds pass', () => {
  assert.match(
    guardrailViolations(all, secret({ data: { password: 'aHVudGVyMg==' } }))[0] ?? '',
    /Secret shop\/db is a plaintext Secret/,
  );
  assert.equal(guardrailViolations(all, secret({ stringData: { p: 'x' } })).length, 1);
  assert.deepEqual(guardrailViolations(all, secret({ type: 'kubernetes.io/service-account-token' })), []);
  assert.deepEqual(
    guardrailViolations(all, secret({ data: { p: 'eA==' } }, { 'driftless.io/sops-decrypted': 'true' })),
    [],
  );
  for (const kind of ['SealedSecret', 'ExternalSecret'])
    assert.deepEqual(
      guardrailViolations(all, { apiVersion: 'x.io/v1', kind, metadata: { name: 'a' }, spec: { data: {} } }),
      [],
    );
  assert.deepEqual(
    guardrailViolations(projectGuardrails(project('mutable-images')), secret({ data: { p: 'eA==' } })),
    [],
  );
});

test('mutable image references', () => {
  const cases: [string, boolean][] = [
    ['nginx', true],
    ['nginx:latest', true],
    ['ghcr.io/acme/web:main', true],
    ['localhost:5000/web', true],
    ['localhost:5000/web:Latest', true],
    ['nginx:1.27.0', false],
    ['ghcr.io/acme/web:v2.3.1', false],
    ['localhost:5000/web:2024.05.01', false],
    [`nginx:latest@sha256:${'a'.repeat(64)}`, false],
    [`nginx@sha256:${'b'.repeat(64)}`, false],
  ];
  for (const [image, mutable] of cases) assert.equal(mutableImageReason(image) !== undefined, mutable, image);
  const v = guardrailViolations(all, deploy('nginx:latest', 'busybox'));
  assert.deepEqual(v.sort(), [
    'Deployment shop/web: image busybox has no tag or digest (means :latest)',
    'Deployment shop/web: image nginx:latest uses the moving tag "latest"; pin a version tag or a digest',
  ]);
  assert.deepEqual(guardrailViolations(all, deploy('nginx:1.27')), []);
  const cron: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'c' },
    spec: { jobTemplate: { spec: { template: { spec: { containers: [{ image: 'app:dev' }] } } } } },
  };
  assert.equal(guardrailViolations(all, cron).length, 1);
});
