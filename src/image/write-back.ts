// How the updates of one app reach Git (pure planning + the edit): which files (the write-back target,
// else the app's kustomization or manifests), the commit message and author from the updater settings
// (Go templates, as Image Updater's), and the branches (`base:target`, the target a template).
import { createHash } from 'node:crypto';
import { isAbsolute, join, normalize } from 'node:path';
import type { GitAuthor } from '../git/index.js';
import { render } from '../gotmpl/render.js';
import type { Application } from '../model/index.js';
import type { AppImageConfig } from './annotations.js';
import { applyImage, type ImageTarget } from './apply-image.js';
import { findKustomization } from './edit-kustomization.js';
import { isHelmTarget, writeOverrideFile } from './source-override.js';
import { ImageError } from './errors.js';
import type { ImageUpdate } from './updater.js';

/** The updater's settings (ConfigMap argocd-image-updater-config: git.user, git.email, git.commit-message-template). */
export interface WriteSettings {
  author: GitAuthor;
  messageTemplate: string | undefined;
}

export const DEFAULT_UPDATER_AUTHOR: GitAuthor = {
  name: 'argocd-image-updater',
  email: 'noreply@argoproj.io',
};

export function readWriteSettings(data: Readonly<Record<string, string>> | undefined): WriteSettings {
  return {
    author: {
      name: data?.['git.user']?.trim() || DEFAULT_UPDATER_AUTHOR.name,
      email: data?.['git.email']?.trim() || DEFAULT_UPDATER_AUTHOR.email,
    },
    messageTemplate: data?.['git.commit-message-template'] || undefined,
  };
}

const version = (r: { tag?: string | undefined; digest?: string | undefined } | undefined) =>
  r?.digest ?? r?.tag ?? '';

/** Image Updater's `.AppChanges`: per image `.Image .OldTag .NewTag` (a digest stands for the tag). */
export function changeList(updates: readonly ImageUpdate[]) {
  return updates.map((u) => ({ Image: u.spec.image.name, OldTag: version(u.from), NewTag: version(u.to) }));
}

/** Image Updater's template data: .AppName and .AppChanges. */
function templateData(app: Application, updates: readonly ImageUpdate[]) {
  return { AppName: app.metadata.name, AppChanges: changeList(updates) };
}

export function commitMessage(
  app: Application,
  updates: readonly ImageUpdate[],
  template: string | undefined,
): string {
  const data = templateData(app, updates);
  if (template) return render(template, data);
  const lines = data.AppChanges.map((c) => `updates image ${c.Image} tag '${c.OldTag}' to '${c.NewTag}'`);
  return `build: automatic update of ${data.AppName}\n\n${lines.join('\n')}\n`;
}

/** Base and target branch; a target template sees .AppName and .SHA256 (of the changes). */
export function branches(app: Application, config: AppImageConfig, updates: readonly ImageUpdate[]) {
  if (config.writeBack.method !== 'git') return { base: undefined, target: undefined };
  const rev = app.spec.source?.targetRevision;
  const base = config.writeBack.baseBranch ?? (rev && rev !== 'HEAD' ? rev : undefined);
  const raw = config.writeBack.targetBranch;
  const sha = createHash('sha256')
    .update(updates.map((u) => `${u.spec.image.name}:${version(u.to)}`).join('\n'))
    .digest('hex');
  const target = raw?.includes('{{') ? render(raw, { AppName: app.metadata.name, SHA256: sha }) : raw;
  return { base, target: target ?? base };
}

function inside(rel: string, what: string): string {
  const n = normalize(rel);
  if (isAbsolute(n) || n === '..' || n.startsWith('../'))
    throw new ImageError(`${what} "${rel}" leaves the repository`, {
      reason: 'InvalidAnnotation',
      hint: 'use a path inside the repository',
    });
  return n;
}

/** The edit that writes `updates` into a checkout of the app's repository. */
export function editFor(app: Application, config: AppImageConfig, updates: readonly ImageUpdate[]) {
  const appPath = inside(app.spec.source?.path ?? '.', 'the source path');
  const t = config.writeBack.method === 'git' ? config.writeBack.target : undefined;
  // A target path starting with / is from the repository root, else from the app's path.
  const rel = (p: string) =>
    inside(p.startsWith('/') ? p.slice(1) || '.' : join(appPath, p), 'write-back-target');
  return async (tree: string): Promise<void> => {
    // No write-back-target: Image Updater's default, `.argocd-source-<app>.yaml` beside the app's
    // sources for Kustomize and Helm apps; a folder of plain manifests has its images edited in place.
    if (!t) {
      const dir = join(tree, appPath);
      const sourceType = app.status?.sourceType;
      const helm = isHelmTarget(app.spec.source ?? {}, sourceType, updates);
      if (helm || sourceType === 'Kustomize' || (await findKustomization(dir)))
        return writeOverrideFile(dir, app.metadata.name, helm, updates);
    }
    for (const u of updates) {
      let target: ImageTarget;
      if (t?.kind === 'helmvalues')
        target = {
          kind: 'helm-values',
          file: join(tree, rel(t.path)),
          ...(u.spec.helm.imageSpec
            ? { specKey: u.spec.helm.imageSpec }
            : {
                nameKey: u.spec.helm.imageName ?? 'image.name',
                tagKey: u.spec.helm.imageTag ?? 'image.tag',
              }),
        };
      else {
        const dir = join(tree, t ? rel(t.path) : appPath);
        target =
          t?.kind === 'kustomization' || (await findKustomization(dir))
            ? { kind: 'kustomization', dir, name: u.spec.kustomizeName ?? u.spec.image.name }
            : { kind: 'manifests', dir };
      }
      await applyImage(target, u.to);
    }
  };
}
