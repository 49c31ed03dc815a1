import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { missingTool } from '../common/testing/missing-tool.js';
import { toolAvailable } from '../render/testing/tool-available.js';
import { applyImage } from './apply-image.js';
import { ImageError } from './errors.js';
import { parseImageRef } from './image-ref.js';

const D = `sha256:${'b'.repeat(64)}`;

describe('applying an image to a checkout', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'driftless-apply-image-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it(
    'sets a kustomization image with kustomize edit, keeping other images',
    { skip: toolAvailable('kustomize') ? false : missingTool('kustomize') },
    async () => {
      const k = join(dir, 'overlay');
      await mkdir(k);
      await writeFile(
        join(k, 'kustomization.yaml'),
        'resources: []\nimages:\n  - name: other\n    newTag: "1"\n',
      );
      await applyImage({ kind: 'kustomization', dir: k }, parseImageRef('r.io/api:v1.3.0'));
      await applyImage({ kind: 'kustomization', dir: k, name: 'api' }, parseImageRef(`r.io/team/api@${D}`));
      const text = await readFile(join(k, 'kustomization.yaml'), 'utf8');
      assert.match(text, /- name: other\n\s+newTag: "1"/);
      assert.match(text, /- name: r\.io\/api\n\s+newTag: v1\.3\.0/);
      assert.match(text, new RegExp(`- digest: ${D}\\n\\s+name: api\\n\\s+newName: r\\.io/team/api`));
    },
  );

  it('a kustomization target without kustomization.yaml is a clear error', async () => {
    await assert.rejects(
      applyImage({ kind: 'kustomization', dir }, parseImageRef('r.io/api:v1')),
      (e: unknown) => e instanceof ImageError && e.reason === 'NotFound',
    );
  });

  it('sets helm values keys: tag, repository, or the whole reference', async () => {
    const f = join(dir, 'values.yaml');
    await writeFile(f, 'image:\n  repository: r.io/api\n  tag: v1 # current\n');
    await applyImage(
      { kind: 'helm-values', file: f, tagKey: 'image.tag', nameKey: 'image.repository' },
      parseImageRef('r.io/api2:v2'),
    );
    assert.equal(await readFile(f, 'utf8'), 'image:\n  repository: r.io/api2\n  tag: v2 # current\n');
    await applyImage({ kind: 'helm-values', file: f, specKey: 'spec' }, parseImageRef(`r.io/api@${D}`));
    assert.match(await readFile(f, 'utf8'), new RegExp(`spec: r\\.io/api@${D}\\n$`));
  });

  it('sets plain manifests, and says so when no container uses the image', async () => {
    const m = join(dir, 'plain');
    await mkdir(m);
    await writeFile(
      join(m, 'deploy.yaml'),
      'spec:\n  template:\n    spec:\n      containers:\n        - image: r.io/api:v1\n',
    );
    await applyImage({ kind: 'manifests', dir: m }, parseImageRef('r.io/api:v2'));
    assert.match(await readFile(join(m, 'deploy.yaml'), 'utf8'), /image: r\.io\/api:v2\n/);
    await assert.rejects(
      applyImage({ kind: 'manifests', dir: m }, parseImageRef('r.io/nope:v2')),
      (e: unknown) => e instanceof ImageError && e.reason === 'NotFound',
    );
  });
});
