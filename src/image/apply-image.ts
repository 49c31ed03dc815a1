// One image change applied to one place in a checkout: a kustomization's `images`, keys of a Helm
// values file, or the containers of plain manifests — the editors `image set`, the image updater
// and promotion share.
import type { ToolLocator } from '../render/index.js';
import { setKustomizeImage } from './edit-kustomization.js';
import { setHelmValues } from './edit-helm-values.js';
import { setManifestImage } from './edit-manifest.js';
import { formatImageRef, type ImageRef } from './image-ref.js';

export type ImageTarget =
  /** `dir` holds kustomization.yaml; `name` is the name its resources use (default: the image's). */
  | { kind: 'kustomization'; dir: string; name?: string | undefined }
  /** Keys (dotted paths) of a values file: the repository, the tag, or the whole reference. */
  | {
      kind: 'helm-values';
      file: string;
      nameKey?: string | undefined;
      tagKey?: string | undefined;
      specKey?: string | undefined;
    }
  /** Every container under `dir` whose image is the same repository. */
  | { kind: 'manifests'; dir: string };

/** Writes `image` (name plus tag and/or digest) into the target. */
export async function applyImage(target: ImageTarget, image: ImageRef, tools?: ToolLocator): Promise<void> {
  switch (target.kind) {
    case 'kustomization':
      await setKustomizeImage(
        target.dir,
        {
          name: target.name ?? image.name,
          ...(target.name && target.name !== image.name ? { newName: image.name } : {}),
          ...(image.tag ? { tag: image.tag } : {}),
          ...(image.digest ? { digest: image.digest } : {}),
        },
        tools,
      );
      return;
    case 'helm-values': {
      const values: Record<string, string> = {};
      if (target.specKey) values[target.specKey] = formatImageRef(image);
      if (target.nameKey) values[target.nameKey] = image.name;
      // A tag key takes the tag, or the digest when the reference is pinned by digest only.
      if (target.tagKey)
        values[target.tagKey] =
          image.tag && image.digest ? `${image.tag}@${image.digest}` : (image.tag ?? image.digest ?? '');
      await setHelmValues(target.file, values);
      return;
    }
    case 'manifests':
      await setManifestImage(target.dir, image.name, formatImageRef(image));
      return;
  }
}
