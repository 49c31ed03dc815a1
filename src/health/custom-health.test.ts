import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../model/index.js';
import { assessHealth } from './assess.js';
import { healthOverridesFromConfigMap, healthRegistryFromConfigMap } from './custom-health.js';
import { kube } from './make-object.case.js';

const says = (word: string, status = 'Degraded'): string =>
  `return {status = "${status}", message = "${word}"}`;
const argocdCm = (data: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'argocd-cm', namespace: 'argocd' },
  data,
});

test('split keys: group dots kept, core group with or without a leading _', () => {
  const { overrides, errors } = healthOverridesFromConfigMap(
    argocdCm({
      'resource.customizations.health.cert-manager.io_Certificate': says('cert'),
      'resource.customizations.health.Service': says('svc'),
      'resource.customizations.health._ConfigMap': says('cm'),
      'resource.customizations.useOpenLibs.cert-manager.io_Certificate': 'true',
      'resource.customizations.ignoreDifferences.apps_Deployment': 'jsonPointers: [/spec/replicas]',
      url: 'https://example.com',
    }),
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(Object.keys(overrides).sort(), ['/ConfigMap', '/Service', 'cert-manager.io/Certificate']);
  assert.deepEqual(
    overrides['cert-manager.io/Certificate']?.assess(kube('cert-manager.io/v1', 'Certificate')),
    {
      status: 'Degraded',
      message: 'cert',
    },
  );
});

test('legacy resource.customizations YAML; split keys win over it', () => {
  const { overrides, errors } = healthOverridesFromConfigMap(
    argocdCm({
      'resource.customizations': [
        'argoproj.io/Rollout:',
        '  health.lua: |',
        `    ${says('legacy rollout')}`,
        '  health.lua.useOpenLibs: true',
        'Pod:',
        '  health.lua: |',
        `    ${says('legacy pod')}`,
        'apps/Deployment:',
        '  ignoreDifferences: |',
        '    jsonPointers: [/spec/replicas]',
      ].join('\n'),
      'resource.customizations.health.Pod': says('split pod'),
    }),
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(Object.keys(overrides).sort(), ['/Pod', 'argoproj.io/Rollout']);
  assert.equal(overrides['/Pod']?.assess(kube('v1', 'Pod')).message, 'split pod');
  assert.equal(
    overrides['argoproj.io/Rollout']?.assess(kube('argoproj.io/v1alpha1', 'Rollout')).message,
    'legacy rollout',
  );
});

test('bad entries are reported, not thrown; the good ones still load', () => {
  const bad = healthOverridesFromConfigMap(
    argocdCm({
      'resource.customizations': 'a: [unclosed',
      'resource.customizations.health.example.com_': says('x'),
      'resource.customizations.health.example.com_Thing': 'hs = {',
      'resource.customizations.health.example.com_Num': 42,
      'resource.customizations.health.example.com_Good': says('good'),
      'resource.customizations.health.example.com_Empty': '   ',
    }),
  );
  assert.equal(bad.errors.length, 4, bad.errors.join('\n'));
  assert.match(bad.errors.join('\n'), /^resource\.customizations: invalid YAML: /m);
  assert.match(bad.errors.join('\n'), /example\.com_: no kind in the key/);
  assert.match(bad.errors.join('\n'), /example\.com_Num: value is not a string/);
  assert.match(bad.errors.join('\n'), /example\.com_Thing: .*unexpected symbol near <eof>/);
  assert.deepEqual(Object.keys(bad.overrides).sort(), ['example.com/Good', 'example.com/Thing']);
  // A script that does not compile is Unknown with the syntax error, for every object of its kind.
  assert.match(
    assessHealth(
      kube('example.com/v1', 'Thing'),
      healthRegistryFromConfigMap(
        argocdCm({
          'resource.customizations.health.example.com_Thing': 'hs = {',
        }),
      ).registry,
    ).message ?? '',
    /unexpected symbol/,
  );

  for (const cm of [argocdCm({ 'resource.customizations': '- a list' }), { ...argocdCm({}), data: 'x' }])
    assert.equal(healthOverridesFromConfigMap(cm).errors.length, 1);
  assert.deepEqual(healthOverridesFromConfigMap({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }), {
    overrides: {},
    errors: [],
  });
});

test('registry: argocd-cm scripts beat our Lua scripts, which beat nothing; TS built-ins stay', () => {
  const { registry, errors, sourceOf } = healthRegistryFromConfigMap(
    argocdCm({
      'resource.customizations.health.batch_CronJob': says('mine', 'Suspended'),
      'resource.customizations.health.apps_Deployment': says('deploy', 'Healthy'),
    }),
  );
  assert.deepEqual(errors, []);
  const cron = kube('batch/v1', 'CronJob');
  const pdb = kube('policy/v1', 'PodDisruptionBudget');
  const job = kube('batch/v1', 'Job', { spec: { suspend: true } });
  const deploy = kube('apps/v1', 'Deployment');
  assert.deepEqual(assessHealth(cron, registry), { status: 'Suspended', message: 'mine' });
  assert.equal(assessHealth(pdb, registry).status, 'Progressing');
  assert.equal(assessHealth(job, registry).status, 'Suspended');
  assert.deepEqual(assessHealth(deploy, registry), { status: 'Healthy', message: 'deploy' });
  assert.deepEqual([cron, pdb, job, deploy].map(sourceOf), [
    'lua-config',
    'lua-builtin',
    'builtin',
    'lua-config',
  ]);

  const plain = healthRegistryFromConfigMap();
  assert.equal(assessHealth(cron, plain.registry).message, 'CronJob has not run yet');
  assert.equal(plain.sourceOf(cron), 'lua-builtin');
});

test('wildcards (legacy form): after exact keys, before our scripts; core kinds match by Kind', () => {
  const { registry, errors, sourceOf } = healthRegistryFromConfigMap(
    argocdCm({
      'resource.customizations': [
        '"*.crossplane.io/*":',
        `  health.lua: ${JSON.stringify(says('crossplane', 'Progressing'))}`,
        'batch/*:',
        `  health.lua: ${JSON.stringify(says('batch'))}`,
        '"Config*":',
        `  health.lua: ${JSON.stringify(says('core'))}`,
      ].join('\n'),
      'resource.customizations.health.s3.aws.crossplane.io_Bucket': says('bucket', 'Healthy'),
    }),
  );
  assert.deepEqual(errors, []);
  const h = (o: KubeObject) => assessHealth(o, registry).message;
  assert.equal(h(kube('ec2.aws.crossplane.io/v1', 'VPC')), 'crossplane');
  assert.equal(h(kube('s3.aws.crossplane.io/v1', 'Bucket')), 'bucket');
  assert.equal(h(kube('batch/v1', 'CronJob')), 'batch');
  assert.equal(h(kube('v1', 'ConfigMap')), 'core');
  assert.equal(h(kube('crossplane.io/v1', 'X')), undefined); // "*." needs a subdomain
  assert.equal(sourceOf(kube('ec2.aws.crossplane.io/v1', 'VPC')), 'lua-config');
  assert.equal(sourceOf(kube('v1', 'Secret')), 'generic');
  assert.equal(sourceOf(kube('v1', 'Service')), 'builtin');
});

test('generic check: judges kinds without a check; driftless.health.generic.exclude turns it off per kind', () => {
  const failing = (apiVersion: string, kind: string) =>
    kube(apiVersion, kind, {
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Broken', message: 'no' }] },
    });
  const on = healthRegistryFromConfigMap(argocdCm({}));
  assert.equal(assessHealth(failing('example.com/v1', 'Widget'), on.registry).status, 'Degraded');
  assert.equal(on.sourceOf(failing('example.com/v1', 'Widget')), 'generic');

  const off = healthRegistryFromConfigMap(
    argocdCm({ 'driftless.health.generic.exclude': 'example.com/Widget\n*.acme.io/*, ConfigMap\n# comment' }),
  );
  assert.deepEqual(off.errors, []);
  for (const o of [
    failing('example.com/v1', 'Widget'),
    failing('db.acme.io/v1', 'Db'),
    failing('v1', 'ConfigMap'),
  ]) {
    assert.deepEqual(assessHealth(o, off.registry), { status: 'Healthy' });
    assert.equal(off.sourceOf(o), 'none');
  }
  assert.equal(assessHealth(failing('example.com/v1', 'Gadget'), off.registry).status, 'Degraded');
  // Specific checks are not affected by the switch.
  const all = healthRegistryFromConfigMap(argocdCm({ 'driftless.health.generic.exclude': '*' }));
  assert.equal(assessHealth(failing('example.com/v1', 'Gadget'), all.registry).status, 'Healthy');
  assert.equal(assessHealth(kube('apps/v1', 'Deployment', { spec: {} }), all.registry).status, 'Progressing');
  assert.equal(
    healthRegistryFromConfigMap(argocdCm({ 'driftless.health.generic.exclude': 3 })).errors.length,
    1,
  );
});

test('a slow or failing config script makes its objects Unknown; others are unaffected', () => {
  const { registry } = healthRegistryFromConfigMap(
    argocdCm({
      'resource.customizations.health.example.com_Broken': 'return obj.status.phase.x',
    }),
  );
  const h = assessHealth(kube('example.com/v1', 'Broken'), registry);
  assert.equal(h.status, 'Unknown');
  assert.match(h.message ?? '', /^resource\.customizations\.health\.example\.com_Broken:1: attempt to index/);
  assert.equal(assessHealth(kube('v1', 'ConfigMap'), registry).status, 'Healthy');
});
