import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApplicationSource } from '../model/index.js';
import { RenderError } from './errors.js';
import { applyMergePatch, withSourceOverrides } from './source-overrides.js';

const source: ApplicationSource = {
  repoURL: 'https://git.example.com/config.git',
  path: 'apps/web',
  targetRevision: 'main',
  kustomize: { images: ['web=r.io/web:1.0'], namePrefix: 'p-' },
};

test('merge patch: maps merge, null deletes, arrays and scalars replace', () => {
  assert.deepEqual(applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [9] }), {
    a: { c: 2, d: 3 },
    l: [9],
  });
});

test('.argocd-source.yaml then .argocd-source-<app>.yaml patch the tool settings, never repo, path or revision', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'driftless-overrides-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, 'apps/web');
  mkdirSync(dir, { recursive: true });
  assert.equal(await withSourceOverrides(source, root, dir, 'web'), source, 'no files: the same source');
  writeFileSync(join(dir, '.argocd-source.yaml'), 'kustomize:\n  namePrefix: shared-\n');
  writeFileSync(
    join(dir, '.argocd-source-web.yaml'),
    'kustomize:\n  images:\n  - web=r.io/web:2.0\npath: elsewhere\nrepoURL: https://evil.example.com/x.git\n',
  );
  writeFileSync(join(dir, '.argocd-source-other.yaml'), 'kustomize:\n  images: [web=r.io/web:9.9]\n');
  assert.deepEqual(await withSourceOverrides(source, root, dir, 'web'), {
    ...source,
    kustomize: { images: ['web=r.io/web:2.0'], namePrefix: 'shared-' },
  });
});

test('a malformed override file or one that links out of the repository is a render error', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'driftless-overrides-'));
  const outside = mkdtempSync(join(tmpdir(), 'driftless-outside-'));
  t.after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  writeFileSync(join(root, '.argocd-source-web.yaml'), 'kustomize: [\n');
  await assert.rejects(withSourceOverrides(source, root, root, 'web'), (e: unknown) => {
    assert.ok(e instanceof RenderError && /not valid YAML/.test(e.message), String(e));
    return true;
  });
  writeFileSync(join(root, '.argocd-source-web.yaml'), '- a list\n');
  await assert.rejects(withSourceOverrides(source, root, root, 'web'), /must hold a mapping/);
  rmSync(join(root, '.argocd-source-web.yaml'));
  writeFileSync(join(outside, 'secret.yaml'), 'kustomize: {namePrefix: leaked-}\n');
  symlinkSync(join(outside, 'secret.yaml'), join(root, '.argocd-source.yaml'));
  await assert.rejects(withSourceOverrides(source, root, root, 'web'), /outside the repository/);
});
