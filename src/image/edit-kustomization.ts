// Sets an image in a kustomization's `images` with the real `kustomize edit set image` (ADR 0013:
// one kustomize, not a second implementation of its edits).
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { execChecked } from '../common/exec.js';
import { ExternalError } from '../common/errors.js';
import { KUSTOMIZATION_FILES } from '../render/detect.js';
import { ToolLocator } from '../render/index.js';
import { ImageError } from './errors.js';

export interface KustomizeImageEdit {
  /** The image name the kustomization's resources use (`kustomize.image-name`), matched by `images[].name`. */
  name: string;
  /** The image to use instead (registry/repository), if it differs from `name`. */
  newName?: string | undefined;
  tag?: string | undefined;
  digest?: string | undefined;
}

export async function findKustomization(dir: string): Promise<string | undefined> {
  for (const f of KUSTOMIZATION_FILES) {
    const ok = await access(join(dir, f)).then(
      () => true,
      () => false,
    );
    if (ok) return join(dir, f);
  }
  return undefined;
}

/** The argument of `kustomize edit set image` for this edit. */
export function setImageArg(e: KustomizeImageEdit): string {
  const version = `${e.tag ? `:${e.tag}` : ''}${e.digest ? `@${e.digest}` : ''}`;
  // Without `=`, kustomize sets only the tag/digest (no newName equal to the name).
  return e.newName && e.newName !== e.name ? `${e.name}=${e.newName}${version}` : `${e.name}${version}`;
}

export async function setKustomizeImage(
  dir: string,
  edit: KustomizeImageEdit,
  tools = new ToolLocator(),
): Promise<void> {
  if (!(await findKustomization(dir)))
    throw new ImageError(`no kustomization.yaml in ${dir}`, {
      reason: 'NotFound',
      hint: 'point --path (or the write-back target) at the overlay folder holding kustomization.yaml',
    });
  const tool = tools.locate('kustomize');
  if (tool.prefixArgs.length > 0)
    throw new ImageError(
      'editing a kustomization needs the kustomize binary (kubectl kustomize cannot edit)',
      {
        reason: 'EditFailed',
        hint: 'build it with scripts/build-tools.sh kustomize, or put kustomize on PATH (or set DRIFTLESS_KUSTOMIZE)',
      },
    );
  try {
    await execChecked(tool.command, ['edit', 'set', 'image', setImageArg(edit)], {
      cwd: dir,
      timeoutMs: 60_000,
    });
  } catch (e) {
    if (!(e instanceof ExternalError)) throw e;
    throw new ImageError(`kustomize edit set image in ${dir}: ${e.message}`, {
      reason: 'EditFailed',
      hint: 'check that kustomization.yaml is valid (kustomize build on the folder shows the error)',
      cause: e,
    });
  }
}
