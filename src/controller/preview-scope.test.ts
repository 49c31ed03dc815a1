import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Application, ApplicationSource } from '../model/index.js';
import { ANNOTATION_MANIFEST_PATHS, touches, usesRepo, watchedPaths } from './preview-scope.js';

const REPO = 'https://git.example.com/org/config.git';

function app(
  spec: { source?: ApplicationSource; sources?: ApplicationSource[] },
  annotations?: Record<string, string>,
) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'a', ...(annotations ? { annotations } : {}) },
    spec: { project: 'default', destination: {}, ...spec },
  } as Application;
}

test('a source path and its relative Helm value files are watched; other repositories are not', () => {
  const a = app({
    source: {
      repoURL: `${REPO}/`,
      path: './apps/web/',
      helm: { valueFiles: ['values.yaml', '../shared/common.yaml'] },
    },
  });
  assert.deepEqual(watchedPaths(a, 'https://GIT.example.com/org/config'), [
    'apps/web',
    'apps/web/values.yaml',
    'apps/shared/common.yaml',
  ]);
  assert.deepEqual(watchedPaths(a, 'https://git.example.com/org/other.git'), []);
  assert.equal(usesRepo(a, 'https://git.example.com/org/config'), true);
});

test('multi-source: $ref value files point into the ref source; chart sources watch nothing', () => {
  const a = app({
    sources: [
      {
        repoURL: 'https://charts.example.com',
        chart: 'web',
        helm: { valueFiles: ['$values/envs/prod/web.yaml'] },
      },
      { repoURL: REPO, ref: 'values' },
    ],
  });
  assert.deepEqual(watchedPaths(a, REPO), ['envs/prod/web.yaml']);
  assert.equal(touches(watchedPaths(a, REPO), ['envs/prod/web.yaml']), true);
  assert.equal(touches(watchedPaths(a, REPO), ['envs/staging/web.yaml']), false);
});

test('manifest-generate-paths adds rooted and source-relative paths', () => {
  const a = app(
    { source: { repoURL: REPO, path: 'apps/web/overlays/prod' } },
    { [ANNOTATION_MANIFEST_PATHS]: '/apps/web/base; ../../components' },
  );
  assert.deepEqual(watchedPaths(a, REPO), ['apps/web/overlays/prod', 'apps/web/base', 'apps/web/components']);
});

test('touches matches a path or what lies under it, never a sibling with the same prefix', () => {
  assert.equal(touches(['apps/web'], ['apps/web/deploy.yaml']), true);
  assert.equal(touches(['apps/web'], ['apps/web']), true);
  assert.equal(touches(['apps/web'], ['apps/web2/deploy.yaml']), false);
  assert.equal(touches([''], ['anything.yaml']), true);
  assert.equal(touches([], ['anything.yaml']), false);
});
