import { describe, expect, it } from 'vitest';
import type { Application } from '../../api/types.ts';
import { syncInfoOf } from './sync-info.ts';

const ref = { group: 'batch', kind: 'Job', namespace: 'web', name: 'migrate' };
const app = (resources: object[] = []) =>
  ({
    metadata: { name: 'a' },
    spec: { project: 'default', source: { repoURL: 'r' }, destination: {} },
    status: { operationState: { syncResult: { resources } } },
  }) as unknown as Application;
const job = (annotations: Record<string, string>) => ({ metadata: { name: 'migrate', annotations } });

describe('syncInfoOf', () => {
  it('reads wave, hook phases and delete policy from Argo CD annotations', () => {
    const info = syncInfoOf(
      app(),
      ref,
      job({
        'argocd.argoproj.io/sync-wave': '-2',
        'argocd.argoproj.io/hook': 'PreSync, PostSync',
        'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded',
      }),
    );
    expect(info).toEqual({
      wave: -2,
      hooks: ['PreSync', 'PostSync'],
      deletePolicy: 'HookSucceeded',
      lastSync: undefined,
    });
  });

  it('takes a Helm hook and its weight when Argo CD annotations are absent', () => {
    const info = syncInfoOf(app(), ref, job({ 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': '5' }));
    expect(info.hooks).toEqual(['pre-install']);
    expect(info.wave).toBe(5);
  });

  it('defaults to wave 0 with no hook, and reports the last sync of the same resource only', () => {
    const info = syncInfoOf(
      app([
        { ...ref, name: 'other', status: 'Synced', message: 'x' },
        {
          ...ref,
          status: 'Synced',
          message: 'job created',
          syncPhase: 'PreSync',
          syncWave: 1,
          hookPhase: 'Succeeded',
        },
      ]),
      ref,
      job({ 'argocd.argoproj.io/sync-wave': 'soon' }),
    );
    expect(info.wave).toBe(0);
    expect(info.hooks).toEqual([]);
    expect(info.lastSync).toEqual({
      status: 'Synced',
      message: 'job created',
      phase: 'PreSync',
      wave: 1,
      hookPhase: 'Succeeded',
    });
  });
});
