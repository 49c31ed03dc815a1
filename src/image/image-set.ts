// `driftless image set`: writes image references into a kustomization, a Helm values file or plain
// manifests under one path of a repository (a URL, or the user's checkout), commits with a templated
// message and optionally pushes — the CI half of "the deploy is a commit".
import { isAbsolute, join, normalize } from 'node:path';
import {
  commitInCheckout,
  writeToGit,
  type CredentialProvider,
  type GitAuthor,
  type GitWriteResult,
} from '../git/index.js';
import { render } from '../gotmpl/render.js';
import { applyImage, type ImageTarget } from './apply-image.js';
import { findKustomization } from './edit-kustomization.js';
import { ImageError } from './errors.js';
import { formatImageRef, parseImageRef, type ImageRef } from './image-ref.js';

export interface ImageSetOptions {
  /** Exactly one of repo (a URL written through a private clone) and dir (a folder of a checkout). */
  repo?: string | undefined;
  dir?: string | undefined;
  /** The folder, relative to the repository root (repo) or to dir, that holds what is edited. */
  path: string;
  /** `NAME=REF` (NAME as the manifests name the image) or `REF`; REF is `name:tag`, `name@digest` or both. */
  images: readonly string[];
  /** A values file under path; then `key` (tag, default image.tag) and maybe `nameKey` are set. */
  helmValues?: string | undefined;
  key?: string | undefined;
  nameKey?: string | undefined;
  /** A Go template; data: .Changes (.Name .NewImage .NewName .NewTag .NewDigest), .Path, .Branch. */
  message?: string | undefined;
  push: boolean;
  branch?: string | undefined;
  author?: GitAuthor | undefined;
  credentials?: CredentialProvider | undefined;
  /** Where --repo clones go (removed after). */
  workRoot: string;
}

export interface ImageChange {
  name: string;
  newImage: string;
}

export interface ImageSetResult extends GitWriteResult {
  changes: ImageChange[];
  message: string;
}

export const DEFAULT_AUTHOR: GitAuthor = { name: 'driftless', email: 'driftless@localhost' };

/** `NAME=REF` or `REF` as the name the manifests use and the new reference. */
export function parseImageArg(arg: string): { name: string; ref: ImageRef } {
  const eq = arg.indexOf('=');
  const ref = parseImageRef(eq < 0 ? arg : arg.slice(eq + 1));
  if (!ref.tag && !ref.digest)
    throw new ImageError(`"${arg}" names no tag or digest`, {
      reason: 'InvalidReference',
      hint: 'write IMAGE=NAME:TAG or IMAGE=NAME@sha256:DIGEST (a tag, a digest or both)',
    });
  return { name: eq < 0 ? ref.name : arg.slice(0, eq), ref };
}

function checkRelative(path: string, what: string): string {
  const n = normalize(path || '.');
  if (isAbsolute(n) || n === '..' || n.startsWith('../'))
    throw new ImageError(`${what} "${path}" leaves the repository`, {
      reason: 'InvalidReference',
      hint: `give ${what} relative to the repository root, without ..`,
    });
  return n;
}

function defaultMessage(changes: readonly ImageChange[], path: string): string {
  const list = changes.map((c) => `${c.name} to ${c.newImage}`).join(', ');
  return `Set image ${list} in ${path}`;
}

/** Edits under `root/path` for every image; the target kind follows what the folder holds. */
async function editImages(
  root: string,
  path: string,
  o: ImageSetOptions,
  images: ReturnType<typeof parseImageArg>[],
) {
  const dir = join(root, path);
  for (const { name, ref } of images) {
    let target: ImageTarget;
    if (o.helmValues)
      target = {
        kind: 'helm-values',
        file: join(dir, checkRelative(o.helmValues, '--helm-values')),
        tagKey: o.key ?? 'image.tag',
        nameKey: o.nameKey,
      };
    else if (await findKustomization(dir)) target = { kind: 'kustomization', dir, name };
    else target = { kind: 'manifests', dir };
    if (target.kind === 'manifests' && name !== ref.name)
      throw new ImageError('renaming an image (NAME=OTHER:TAG) needs a kustomization or Helm values', {
        reason: 'InvalidReference',
        hint: 'in plain manifests, name the image as the containers do: NAME:TAG',
      });
    await applyImage(target, ref);
  }
}

export async function imageSet(o: ImageSetOptions): Promise<ImageSetResult> {
  if (Boolean(o.repo) === Boolean(o.dir))
    throw new ImageError('name exactly one of --repo URL and --dir PATH', {
      reason: 'InvalidReference',
      hint: '--repo clones, edits and pushes; --dir edits a checkout you already have',
    });
  if (o.images.length === 0)
    throw new ImageError('no image given', { reason: 'InvalidReference', hint: 'add IMAGE=NAME:TAG' });
  const path = checkRelative(o.path, '--path');
  const images = o.images.map(parseImageArg);
  const changes = images.map(({ name, ref }) => ({ name, newImage: formatImageRef(ref) }));
  const data = {
    Changes: images.map(({ name, ref }) => ({
      Name: name,
      NewImage: formatImageRef(ref),
      NewName: ref.name,
      NewTag: ref.tag ?? '',
      NewDigest: ref.digest ?? '',
    })),
    Path: path,
    Branch: o.branch ?? '',
  };
  const message = o.message
    ? render(o.message, data, { missingkey: 'error' })
    : defaultMessage(changes, path);
  const edit = (root: string) => editImages(root, path, o, images);
  const result = o.repo
    ? await writeToGit(
        {
          repoURL: o.repo,
          targetBranch: o.branch,
          baseBranch: o.branch,
          author: o.author ?? DEFAULT_AUTHOR,
          message,
          edit,
          push: o.push,
        },
        { credentials: o.credentials, workRoot: o.workRoot },
      )
    : await commitInCheckout({
        dir: o.dir ?? '.',
        author: o.author,
        message,
        edit: (d) => edit(d).then(() => undefined),
        push: o.push,
        branch: o.branch,
        paths: [path],
      });
  return { ...result, changes, message };
}
