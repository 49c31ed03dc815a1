import { describe, expect, it } from 'vitest';
import { guessSourceType, validateAppForm, type AppFormValues } from './app-validation.ts';

const ok: AppFormValues = {
  name: 'guestbook',
  project: 'default',
  repoURL: 'https://github.com/argoproj/argocd-example-apps.git',
  path: 'guestbook',
  targetRevision: 'HEAD',
  destServer: 'https://kubernetes.default.svc',
  destNamespace: 'guestbook',
  automated: false,
  prune: false,
  selfHeal: false,
  syncOptions: 'CreateNamespace=true',
};

describe('validateAppForm', () => {
  it('accepts a valid app', () => expect(validateAppForm(ok)).toEqual({}));
  it('explains each invalid field', () => {
    const e = validateAppForm({
      ...ok,
      name: 'Bad_Name',
      repoURL: 'github.com/x',
      path: '../etc',
      destNamespace: 'NS!',
      syncOptions: 'nope',
      prune: true,
    });
    expect(Object.keys(e).sort()).toEqual([
      'automated',
      'destNamespace',
      'name',
      'path',
      'repoURL',
      'syncOptions',
    ]);
  });
});

describe('guessSourceType', () => {
  it('recognises Helm, Kustomize and Jsonnet paths', () => {
    expect(guessSourceType('charts/redis')).toBe('Helm');
    expect(guessSourceType('overlays/prod')).toBe('Kustomize');
    expect(guessSourceType('jsonnet-guestbook')).toBe('Jsonnet');
    expect(guessSourceType('guestbook')).toBe('Directory');
  });
});
