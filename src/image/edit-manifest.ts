// Sets a container image in plain manifests: every `containers`, `initContainers` and
// `ephemeralContainers` entry whose image names the same repository, in every document of every
// YAML file under a folder; comments and layout are kept (the YAML is edited as a document tree).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, visit, type Pair } from 'yaml';
import { ImageError } from './errors.js';
import { parseImageRef, sameImageName } from './image-ref.js';

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Replaces matching images in one file's text; returns the new text, how many were set and how many matched. */
export function setImageInText(
  text: string,
  name: string,
  image: string,
): { text: string; count: number; matched: number } {
  const docs = parseAllDocuments(text, { keepSourceTokens: true });
  let count = 0;
  let matched = 0;
  for (const doc of docs) {
    if (doc.errors.length > 0) continue;
    visit(doc, {
      Pair(_, pair: Pair) {
        if (!isScalar(pair.key) || !CONTAINER_LISTS.has(String(pair.key.value)) || !isSeq(pair.value)) return;
        for (const item of pair.value.items) {
          if (!isMap(item)) continue;
          const img = item.get('image', true);
          if (!isScalar(img) || typeof img.value !== 'string' || !sameImageName(imageName(img.value), name))
            continue;
          matched++;
          if (img.value !== image) {
            img.value = image;
            count++;
          }
        }
      },
    });
  }
  if (count === 0) return { text, count, matched };
  return { text: docs.map((d) => d.toString({ lineWidth: 0 })).join(''), count, matched };
}

function imageName(ref: string): string {
  try {
    return parseImageRef(ref).name;
  } catch {
    return ref;
  }
}

/** Sets `name`'s image to `image` in every YAML file under `dir`; returns the files changed. */
export async function setManifestImage(dir: string, name: string, image: string): Promise<string[]> {
  parseImageRef(image);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((e: unknown) => {
    throw new ImageError(`cannot read ${dir}`, { reason: 'NotFound', hint: 'check --path', cause: e });
  });
  const changed: string[] = [];
  let found = false;
  for (const e of entries) {
    if (!e.isFile() || !/\.ya?ml$/i.test(e.name)) continue;
    const file = join(e.parentPath, e.name);
    const text = await readFile(file, 'utf8');
    const out = setImageInText(text, name, image);
    if (out.count > 0) {
      await writeFile(file, out.text);
      changed.push(file);
    }
    found ||= out.matched > 0;
  }
  if (!found)
    throw new ImageError(`no container in ${dir} uses the image ${name}`, {
      reason: 'NotFound',
      hint: 'check the image name (the repository, without tag) and --path',
    });
  return changed;
}
