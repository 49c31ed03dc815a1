import { describe, expect, it } from 'vitest';
import type { ApplicationSet, ApplicationSetApplicationStatus } from '../api/types.ts';
import { appSetError, generatorText, generatorsText, rolloutSummary, rolloutText } from './appset-summary.ts';

const set = (spec: Partial<ApplicationSet['spec']>, status?: ApplicationSet['status']): ApplicationSet => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'ApplicationSet',
  metadata: { name: 's' },
  spec: { generators: [], template: { metadata: {}, spec: {} as never }, ...spec },
  ...(status ? { status } : {}),
});
const row = (application: string, step: string, status: ApplicationSetApplicationStatus['status']) => ({
  application,
  step,
  status,
  message: '',
});

describe('generatorText', () => {
  it('names each generator kind with what it draws from', () => {
    expect(generatorText({ clusters: { selector: { matchLabels: { env: 'production' } } } })).toBe(
      'clusters (env=production)',
    );
    expect(generatorText({ clusters: {} })).toBe('clusters (every cluster)');
    expect(generatorText({ list: { elements: [{ a: 1 }, { a: 2 }] } })).toBe('list (2 elements)');
    expect(generatorText({ list: { elementsYaml: '- a: 1' } })).toBe('list (elements from YAML)');
    expect(
      generatorText({
        git: {
          repoURL: 'https://git/r.git',
          directories: [{ path: 'apps/*' }, { path: 'apps/x', exclude: true }],
        },
      }),
    ).toBe('git (directories apps/*, !apps/x of https://git/r.git@HEAD)');
    expect(generatorText({ git: { repoURL: 'r', revision: 'main', files: [{ path: '*.json' }] } })).toBe(
      'git (files *.json of r@main)',
    );
    expect(generatorText({ matrix: { generators: [{ clusters: {} }, { git: { repoURL: 'r' } }] } })).toBe(
      'matrix (clusters × git)',
    );
    expect(
      generatorText({ merge: { generators: [{ clusters: {} }, { list: {} }], mergeKeys: ['server'] } }),
    ).toBe('merge (clusters + list by server)');
    expect(generatorText({ plugin: { configMapRef: { name: 'p' } } })).toBe('plugin (p)');
    expect(
      generatorText({
        list: { elements: [] },
        selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }] },
      }),
    ).toBe('list (0 elements) where env In (a, b)');
  });
  it('joins several generators, and says when there are none', () => {
    expect(generatorsText(set({ generators: [{ clusters: {} }, { list: { elements: [{}] } }] }))).toBe(
      'clusters (every cluster); list (1 element)',
    );
    expect(generatorsText(set({}))).toBe('no generators');
  });
});

describe('appSetError', () => {
  it('is the ErrorOccurred condition only while it is True', () => {
    const err = { type: 'ErrorOccurred' as const, status: 'True' as const, reason: 'R', message: 'boom' };
    expect(appSetError(set({}, { conditions: [err] }))?.message).toBe('boom');
    expect(appSetError(set({}, { conditions: [{ ...err, status: 'False' }] }))).toBeUndefined();
    expect(appSetError(set({}))).toBeUndefined();
  });
});

describe('rolloutSummary', () => {
  const rolling = { type: 'RollingSync' as const, rollingSync: { steps: [{}, {}, {}] } };
  it('is undefined unless the strategy is RollingSync', () => {
    expect(rolloutSummary(set({}))).toBeUndefined();
    expect(rolloutSummary(set({ strategy: { type: 'AllAtOnce' } }))).toBeUndefined();
  });
  it('finds the first step not all Healthy and counts its apps by status', () => {
    const r = rolloutSummary(
      set(
        { strategy: rolling },
        {
          applicationStatus: [
            row('c', '2', 'Waiting'),
            row('a', '1', 'Healthy'),
            row('b', '2', 'Progressing'),
            row('d', '2', 'Waiting'),
            row('e', '10', 'Waiting'),
          ],
        },
      ),
    );
    expect(r?.current).toBe('2');
    expect(r?.steps.map((s) => s.step)).toEqual(['1', '2', '10']);
    expect(rolloutText(r!)).toBe('step 2 of 3: 2 Waiting, 1 Progressing');
  });
  it('says when every step is done, or when no app has a step yet', () => {
    const done = rolloutSummary(
      set({ strategy: rolling }, { applicationStatus: [row('a', '1', 'Healthy')] }),
    );
    expect(rolloutText(done!)).toBe('all 3 steps done');
    expect(rolloutText(rolloutSummary(set({ strategy: rolling }))!)).toBe(
      'RollingSync, 3 steps: no apps yet',
    );
  });
});
