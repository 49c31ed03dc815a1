// Table tests of hook detection, Helm hook mapping, delete policies and generated hook names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hookInfo, hookName, isKept } from './hooks.js';
import { waveOf } from './sync-wave.js';
import { obj } from './test-fixtures.js';

const cases: {
  name: string;
  ann: Record<string, string>;
  isHook: boolean;
  skip?: boolean;
  phases: string[];
  policies?: string[];
  warnings?: number;
}[] = [
  { name: 'plain resource', ann: {}, isHook: false, phases: [] },
  {
    name: 'PreSync',
    ann: { 'argocd.argoproj.io/hook': 'PreSync' },
    isHook: true,
    phases: ['PreSync'],
    policies: ['BeforeHookCreation'],
  },
  {
    name: 'several types, phase order',
    ann: { 'argocd.argoproj.io/hook': 'SyncFail, PostSync,PreSync' },
    isHook: true,
    phases: ['PreSync', 'PostSync', 'SyncFail'],
  },
  {
    name: 'PostDelete',
    ann: { 'argocd.argoproj.io/hook': 'PostDelete' },
    isHook: true,
    phases: ['PostDelete'],
  },
  { name: 'Skip alone', ann: { 'argocd.argoproj.io/hook': 'Skip' }, isHook: false, skip: true, phases: [] },
  {
    name: 'Skip with a phase',
    ann: { 'argocd.argoproj.io/hook': 'Skip,Sync' },
    isHook: true,
    phases: ['Sync'],
  },
  {
    name: 'unknown type warns',
    ann: { 'argocd.argoproj.io/hook': 'Pre-Sync' },
    isHook: true,
    phases: [],
    warnings: 1,
  },
  {
    name: 'argo delete policies',
    ann: {
      'argocd.argoproj.io/hook': 'Sync',
      'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded, BeforeHookCreation',
    },
    isHook: true,
    phases: ['Sync'],
    policies: ['HookSucceeded', 'BeforeHookCreation'],
  },
  {
    name: 'helm pre-install,pre-upgrade',
    ann: { 'helm.sh/hook': 'pre-install,pre-upgrade' },
    isHook: true,
    phases: ['PreSync'],
  },
  { name: 'helm post-install', ann: { 'helm.sh/hook': 'post-install' }, isHook: true, phases: ['PostSync'] },
  { name: 'helm post-delete', ann: { 'helm.sh/hook': 'post-delete' }, isHook: true, phases: ['PostDelete'] },
  { name: 'helm test is a hook never run', ann: { 'helm.sh/hook': 'test' }, isHook: true, phases: [] },
  { name: 'helm pre-rollback never run', ann: { 'helm.sh/hook': 'pre-rollback' }, isHook: true, phases: [] },
  {
    name: 'helm crd-install is not a hook',
    ann: { 'helm.sh/hook': 'crd-install' },
    isHook: false,
    phases: [],
  },
  {
    name: 'helm delete policies map',
    ann: { 'helm.sh/hook': 'post-upgrade', 'helm.sh/hook-delete-policy': 'hook-failed,hook-succeeded' },
    isHook: true,
    phases: ['PostSync'],
    policies: ['HookSucceeded', 'HookFailed'],
  },
  {
    name: 'argo hook ignores helm hook and helm delete policy',
    ann: {
      'argocd.argoproj.io/hook': 'PostSync',
      'helm.sh/hook': 'pre-install',
      'helm.sh/hook-delete-policy': 'hook-succeeded',
    },
    isHook: true,
    phases: ['PostSync'],
    policies: ['BeforeHookCreation'],
  },
];

describe('hookInfo', () => {
  for (const c of cases) {
    it(c.name, () => {
      const info = hookInfo(obj('Job', 'j', { ann: c.ann }));
      assert.equal(info.isHook, c.isHook);
      assert.equal(info.skip, c.skip ?? false);
      assert.deepEqual(info.phases, c.phases);
      if (c.policies !== undefined) assert.deepEqual(info.deletePolicies, c.policies);
      assert.equal(info.warnings.length, c.warnings ?? 0);
    });
  }
});

describe('hook helpers', () => {
  it('hookName is deterministic per operation and distinct per phase', () => {
    const a = hookName('Migrate-', 'PreSync', 'ABCDEF0123', '2024-05-01T10:00:00Z');
    assert.equal(a, 'migrate-abcdef0-presync-1714557600');
    assert.equal(hookName('Migrate-', 'PreSync', 'ABCDEF0123', '2024-05-01T10:00:00Z'), a);
    assert.notEqual(hookName('Migrate-', 'PostSync', 'ABCDEF0123', '2024-05-01T10:00:00Z'), a);
    assert.notEqual(hookName('Migrate-', 'PreSync', 'ABCDEF0123', '2024-05-01T10:00:01Z'), a);
    assert.equal(hookName('m-', 'Sync', '', '2024-05-01T10:00:00Z'), 'm-sync-1714557600');
  });

  it('isKept reads helm.sh/resource-policy', () => {
    assert.equal(isKept(obj('Secret', 's', { ann: { 'helm.sh/resource-policy': 'keep' } })), true);
    assert.equal(isKept(obj('Secret', 's')), false);
  });
});

describe('waveOf', () => {
  const waves: { ann: Record<string, string>; want: number | 'error'; warn?: boolean }[] = [
    { ann: {}, want: 0 },
    { ann: { 'argocd.argoproj.io/sync-wave': '-5' }, want: -5 },
    { ann: { 'argocd.argoproj.io/sync-wave': '12' }, want: 12 },
    { ann: { 'argocd.argoproj.io/sync-wave': 'x' }, want: 'error' },
    { ann: { 'helm.sh/hook-weight': '-1' }, want: -1 },
    { ann: { 'helm.sh/hook-weight': 'heavy' }, want: 0, warn: true },
    { ann: { 'argocd.argoproj.io/sync-wave': '3', 'helm.sh/hook-weight': '-1' }, want: 3 },
  ];
  for (const c of waves) {
    it(JSON.stringify(c.ann), () => {
      const got = waveOf(obj('Job', 'j', { ann: c.ann }));
      if (c.want === 'error') return assert.equal(got.ok, false);
      assert.deepEqual(got.ok && got.wave, c.want);
      assert.equal(got.ok && got.warning !== undefined, c.warn ?? false);
    });
  }
});
