import { describe, expect, it } from 'vitest';
import type { ApplicationSource } from '../../api/types.ts';
import { applyOptions, badPairs, EMPTY_OPTIONS, optionsFromSource } from './source-options.ts';

const base: ApplicationSource = {
  repoURL: 'https://git.example/r.git',
  path: 'chart',
  targetRevision: 'HEAD',
};

describe('source options', () => {
  it('sets Helm value files, values, parameters and release name, keeping other Helm fields', () => {
    const src = applyOptions(
      { ...base, helm: { skipCrds: true, valueFiles: ['old.yaml'] } },
      {
        ...EMPTY_OPTIONS,
        kind: 'Helm',
        releaseName: 'web',
        valueFiles: 'values-prod.yaml\n\n',
        values: 'greeting: hi\n',
        parameters: 'replicas=2\nimage.tag = v1',
      },
    );
    expect(src).toEqual({
      ...base,
      helm: {
        skipCrds: true,
        releaseName: 'web',
        valueFiles: ['values-prod.yaml'],
        values: 'greeting: hi\n',
        parameters: [
          { name: 'replicas', value: '2' },
          { name: 'image.tag', value: 'v1' },
        ],
      },
    });
    expect(optionsFromSource(src)).toMatchObject({
      kind: 'Helm',
      valueFiles: 'values-prod.yaml',
      parameters: 'replicas=2\nimage.tag=v1',
    });
  });

  it('sets Kustomize images, prefix/suffix, replicas and labels, and drops other kinds’ options', () => {
    const src = applyOptions(
      { ...base, helm: { releaseName: 'x' } },
      {
        ...EMPTY_OPTIONS,
        kind: 'Kustomize',
        images: 'nginx=nginx:1.27',
        namePrefix: 'dev-',
        replicas: 'web=3',
        commonLabels: 'team=a',
      },
    );
    expect(src).toEqual({
      ...base,
      kustomize: {
        images: ['nginx=nginx:1.27'],
        namePrefix: 'dev-',
        replicas: [{ name: 'web', count: 3 }],
        commonLabels: { team: 'a' },
      },
    });
  });

  it('sets directory recurse, include/exclude and Jsonnet TLAs (name:=code for code)', () => {
    const src = applyOptions(base, {
      ...EMPTY_OPTIONS,
      recurse: true,
      include: '*.yaml',
      tlas: 'env=prod\nreplicas:=3',
    });
    expect(src.directory).toEqual({
      recurse: true,
      include: '*.yaml',
      jsonnet: {
        tlas: [
          { name: 'env', value: 'prod' },
          { name: 'replicas', value: '3', code: true },
        ],
      },
    });
    expect(optionsFromSource(src).tlas).toBe('env=prod\nreplicas:=3');
  });

  it('leaves a plain source plain, and names lines that are not name=value', () => {
    expect(applyOptions(base, EMPTY_OPTIONS)).toEqual(base);
    expect(optionsFromSource(base, 'Kustomize').kind).toBe('Kustomize');
    expect(badPairs('a=1\noops\n=x')).toEqual(['oops', '=x']);
  });
});
