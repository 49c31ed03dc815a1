import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageConfig } from './annotations.js';
import { parseImageRef } from './image-ref.js';
import { isHelmTarget, overrideSource, writeOverrideFile } from './source-override.js';
import type { ImageUpdate } from './updater.js';

const P = 'argocd-image-updater.argoproj.io/';
function update(annotations: Record<string, string>, to: string): ImageUpdate {
  const spec = readImageConfig('web', annotations)?.images[0];
  assert.ok(spec);
  return { spec, from: parseImageRef(`${spec.image.name}:v1`), to: parseImageRef(to) };
}

test('kustomize images: the entry of the same image is replaced, others kept; a kustomize name is kept', () => {
  const u = update({ [`${P}image-list`]: 'api=r.io/team/api' }, 'r.io/team/api:v2');
  assert.deepEqual(overrideSource({ kustomize: { images: ['r.io/team/api:v1', 'other:1'] } }, false, [u]), {
    kustomize: { images: ['r.io/team/api:v2', 'other:1'] },
  });
  const named = update(
    { [`${P}image-list`]: 'api=r.io/team/api', [`${P}api.kustomize.image-name`]: 'api' },
    'r.io/team/api:v2',
  );
  assert.deepEqual(overrideSource({}, false, [named]), { kustomize: { images: ['api=r.io/team/api:v2'] } });
});

test('Helm parameters: name and tag (or the whole spec) as forced strings; a Helm app is a Helm target', () => {
  const u = update({ [`${P}image-list`]: 'api=r.io/team/api' }, 'r.io/team/api:1.10');
  assert.ok(isHelmTarget({}, 'Helm', [u]));
  assert.ok(!isHelmTarget({}, 'Kustomize', [u]));
  assert.deepEqual(overrideSource({}, true, [u]), {
    helm: {
      parameters: [
        { name: 'image.name', value: 'r.io/team/api', forceString: true },
        { name: 'image.tag', value: '1.10', forceString: true },
      ],
    },
  });
});

test('.argocd-source-<app>.yaml keeps what else it holds and is created when missing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'driftless-override-file-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const u = update({ [`${P}image-list`]: 'api=r.io/team/api' }, 'r.io/team/api:v2');
  await writeOverrideFile(dir, 'web', false, [u]);
  assert.equal(
    readFileSync(join(dir, '.argocd-source-web.yaml'), 'utf8'),
    'kustomize:\n  images:\n    - r.io/team/api:v2\n',
  );
  writeFileSync(
    join(dir, '.argocd-source-web.yaml'),
    'kustomize:\n  namePrefix: p-\n  images: [r.io/team/api:v2, other:1]\n',
  );
  await writeOverrideFile(dir, 'web', false, [
    update({ [`${P}image-list`]: 'api=r.io/team/api' }, 'r.io/team/api:v3'),
  ]);
  assert.equal(
    readFileSync(join(dir, '.argocd-source-web.yaml'), 'utf8'),
    'kustomize:\n  namePrefix: p-\n  images:\n    - r.io/team/api:v3\n    - other:1\n',
  );
});
