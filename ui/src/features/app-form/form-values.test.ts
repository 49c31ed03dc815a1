import { describe, expect, it } from 'vitest';
import type { Application } from '../../api/types.ts';
import { appFromValues, valuesFromApp } from './form-values.ts';

const app: Application = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'a', namespace: 'argocd', labels: { x: 'y' } },
  spec: {
    project: 'default',
    source: { repoURL: 'https://g/r.git', path: 'p', targetRevision: 'main', helm: { releaseName: 'r' } },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'n' },
    syncPolicy: { automated: { prune: true }, retry: { limit: 2 } },
    ignoreDifferences: [{ kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
  },
};

describe('form values', () => {
  it('round-trips and keeps fields the form does not edit', () => {
    const back = appFromValues(valuesFromApp(app), app);
    expect(back.spec.source?.helm).toEqual({ releaseName: 'r' });
    expect(back.spec.syncPolicy?.retry).toEqual({ limit: 2 });
    expect(back.spec.ignoreDifferences).toHaveLength(1);
    expect(back.metadata.labels).toEqual({ x: 'y' });
    expect(back.spec.syncPolicy?.automated).toEqual({ prune: true, selfHeal: false });
  });
  it('turns automated sync off and parses sync options', () => {
    const v = {
      ...valuesFromApp(app),
      automated: false,
      prune: false,
      syncOptions: 'CreateNamespace=true, PruneLast=true',
    };
    const back = appFromValues(v, app);
    expect(back.spec.syncPolicy?.automated).toBeUndefined();
    expect(back.spec.syncPolicy?.syncOptions).toEqual(['CreateNamespace=true', 'PruneLast=true']);
  });
  it('keeps a multi-source app’s sources as they are', () => {
    const sources = [
      { repoURL: 'https://g/chart.git', path: 'c', helm: { valueFiles: ['$values/prod.yaml'] } },
      { repoURL: 'https://g/values.git', ref: 'values' },
    ];
    const { source: _s, ...spec } = app.spec;
    const multi: Application = { ...app, spec: { ...spec, sources } };
    const back = appFromValues({ ...valuesFromApp(multi), destNamespace: 'other' }, multi);
    expect(back.spec.source).toBeUndefined();
    expect(back.spec.sources).toEqual(sources);
    expect(back.spec.destination.namespace).toBe('other');
  });
});
