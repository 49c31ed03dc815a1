import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppPreview } from '../../controller/app-preview.js';
import type { PreviewResponse } from '../../server/preview-routes.js';
import { previewExitCode, previewMarkdown } from './preview-report.js';

const key = (kind: string, name: string) => ({
  group: kind === 'Deployment' ? 'apps' : '',
  kind,
  namespace: 'ns',
  name,
});
const app = (p: Partial<AppPreview>): AppPreview => ({
  name: 'web',
  project: 'default',
  added: [],
  changed: [],
  pruned: [],
  refused: [],
  ...p,
});
const response = (apps: AppPreview[]): PreviewResponse => ({
  repoURL: 'https://git.example.com/config',
  base: { revision: 'main', sha: 'a'.repeat(40) },
  head: { revision: 'feature-x', sha: 'b'.repeat(40) },
  changedFiles: ['apps/web/deploy.yaml'],
  apps,
});

test('exit codes: 0 nothing changes, 1 changes, 2 an app failed or the cluster refused an object', () => {
  assert.equal(previewExitCode(response([])), 0);
  assert.equal(previewExitCode(response([app({})])), 0);
  assert.equal(previewExitCode(response([app({ pruned: [key('ConfigMap', 'c')] })])), 1);
  assert.equal(previewExitCode(response([app({ error: 'head: render failed' })])), 2);
  assert.equal(
    previewExitCode(
      response([
        app({ added: [key('ConfigMap', 'c')], refused: [{ ...key('ConfigMap', 'c'), message: 'no' }] }),
      ]),
    ),
    2,
  );
});

test('Markdown lists what is added, changed (a field table and a diff) and pruned', () => {
  const md = previewMarkdown(
    response([
      app({
        changed: [
          {
            ...key('Deployment', 'web'),
            fields: [{ path: 'spec.replicas', from: 2, to: 3 }],
            diff: '--- base\n+++ head\n-  replicas: 2\n+  replicas: 3\n',
          },
        ],
        pruned: [key('ConfigMap', 'settings')],
      }),
      app({ name: 'quiet' }),
    ]),
  );
  assert.match(md, /^## Driftless preview: `main` → `feature-x`$/m);
  assert.match(md, /changed `Deployment\.apps\/ns\/web` \(1 fields\)/);
  assert.match(md, /pruned `ConfigMap\/ns\/settings`/);
  assert.match(md, /^\| `spec\.replicas` \| `2` \| `3` \|$/m);
  assert.match(md, /```diff\n--- base/);
  assert.match(md, /^Unchanged: quiet$/m);
});
