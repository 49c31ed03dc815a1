import { describe, expect, it } from 'vitest';
import type { Application } from '../../api/types.ts';
import { appFromYaml, appToYaml } from './app-yaml.ts';

const app = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'web', namespace: 'argocd', resourceVersion: '5', uid: 'u' },
  spec: {
    project: 'default',
    source: { repoURL: 'https://g/r.git', path: 'chart', helm: { valueFiles: ['values-prod.yaml'] } },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
  },
  status: { sync: { status: 'Synced' } },
} as unknown as Application;

describe('app YAML', () => {
  it('round-trips an app without status and server-set metadata', () => {
    const text = appToYaml(app);
    expect(text).not.toMatch(/status|resourceVersion|uid/);
    const back = appFromYaml(text);
    expect('app' in back && back.app.spec).toEqual(app.spec);
    expect('app' in back && back.app.metadata).toEqual({ name: 'web', namespace: 'argocd' });
  });

  it('says what is wrong with text that is not an Application', () => {
    expect(appFromYaml('kind: [')).toMatchObject({ error: expect.stringMatching(/^Not YAML/) });
    expect(appFromYaml('kind: ConfigMap\nmetadata: {name: x}')).toEqual({
      error: 'kind must be Application.',
    });
    expect(appFromYaml('kind: Application\nmetadata: {name: x}\nspec: {destination: {}}')).toEqual({
      error: 'spec.source (or spec.sources) is required.',
    });
  });
});
