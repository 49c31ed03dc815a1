// Argo CD Image Updater's Application annotations read into one typed configuration (pure):
// image-list with aliases and constraints, per-alias strategy, tag filters, platforms, pull secret,
// Helm / kustomize names, and the write-back method, branch and target.
import { ImageError } from './errors.js';
import { parseImageRef, type ImageRef } from './image-ref.js';

export const ANNOTATION_PREFIX = 'argocd-image-updater.argoproj.io/';
export const IMAGE_LIST = `${ANNOTATION_PREFIX}image-list`;

export type Strategy = 'semver' | 'newest-build' | 'alphabetical' | 'digest';
/** The older names Image Updater still accepts. */
const STRATEGY_ALIASES: Record<string, Strategy> = {
  semver: 'semver',
  'newest-build': 'newest-build',
  latest: 'newest-build',
  alphabetical: 'alphabetical',
  name: 'alphabetical',
  digest: 'digest',
};

export interface ImageSpec {
  alias: string | undefined;
  /** The image (registry/repository) watched. */
  image: ImageRef;
  /** After `:` in image-list: a semver constraint, or the tag a digest strategy follows. */
  constraint: string | undefined;
  strategy: Strategy;
  /** Tags must match (`regexp:` or a bare pattern); undefined = any. */
  allowTags: RegExp | undefined;
  /** Glob patterns of tags never used. */
  ignoreTags: string[];
  /** `os/arch[/variant]`; the new image must exist for each. */
  platforms: string[];
  pullSecret: string | undefined;
  helm: { imageName?: string; imageTag?: string; imageSpec?: string };
  kustomizeName: string | undefined;
}

export type WriteBack =
  | { method: 'argocd' }
  | {
      method: 'git';
      /** `git:secret:NS/NAME`: credentials from that Secret instead of the repository's. */
      secret: string | undefined;
      /** Branch checked out (default: the app's targetRevision) and branch pushed (may be a template). */
      baseBranch: string | undefined;
      targetBranch: string | undefined;
      target: { kind: 'kustomization' | 'helmvalues'; path: string } | undefined;
    };

export interface AppImageConfig {
  images: ImageSpec[];
  writeBack: WriteBack;
}

function bad(app: string, message: string, hint: string): ImageError {
  return new ImageError(`application ${app}: ${message}`, { reason: 'InvalidAnnotation', hint });
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A glob (`*`, `?`) as an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function allowTags(app: string, raw: string | undefined): RegExp | undefined {
  const v = raw?.trim();
  if (!v || v === 'any') return undefined;
  // Image Updater wants `regexp:`; a bare pattern (as in many articles) is read as one too.
  const pattern = v.startsWith('regexp:') ? v.slice('regexp:'.length) : v;
  try {
    return new RegExp(pattern);
  } catch (e) {
    throw bad(
      app,
      `allow-tags "${v}" is not a regular expression: ${(e as Error).message}`,
      'write allow-tags: regexp:^v[0-9]+\\.[0-9]+\\.[0-9]+$',
    );
  }
}

function writeBack(app: string, a: Record<string, string>): WriteBack {
  const method = (a[`${ANNOTATION_PREFIX}write-back-method`] ?? 'argocd').trim();
  if (method === 'argocd') return { method: 'argocd' };
  if (method !== 'git' && !method.startsWith('git:'))
    throw bad(
      app,
      `write-back-method "${method}" is not known`,
      'use git, git:secret:NAMESPACE/NAME or argocd',
    );
  let secret: string | undefined;
  if (method.startsWith('git:')) {
    const m = /^git:secret:([^/\s]+\/[^/\s]+)$/.exec(method);
    if (!m)
      throw bad(
        app,
        `write-back-method "${method}" is not git:secret:NAMESPACE/NAME`,
        'name the Secret holding username and password',
      );
    secret = m[1];
  }
  const branch = a[`${ANNOTATION_PREFIX}git-branch`]?.trim();
  const [base, target] = branch?.includes(':') ? branch.split(/:(.*)/s) : [branch, undefined];
  const rawTarget = a[`${ANNOTATION_PREFIX}write-back-target`]?.trim();
  let t: { kind: 'kustomization' | 'helmvalues'; path: string } | undefined;
  if (rawTarget) {
    const m = /^(kustomization|helmvalues)(?::(.*))?$/.exec(rawTarget);
    if (!m)
      throw bad(
        app,
        `write-back-target "${rawTarget}" is not known`,
        'use kustomization[:PATH] or helmvalues:PATH',
      );
    const kind = m[1] as 'kustomization' | 'helmvalues';
    if (kind === 'helmvalues' && !m[2])
      throw bad(app, 'write-back-target helmvalues needs a file', 'write helmvalues:values.yaml');
    t = { kind, path: m[2] ?? '.' };
  }
  return {
    method: 'git',
    secret,
    baseBranch: base || undefined,
    targetBranch: target || undefined,
    target: t,
  };
}

/** The app's image-update configuration, or undefined when it has no image-list. Throws on bad annotations. */
export function readImageConfig(
  app: string,
  annotations: Readonly<Record<string, string>>,
): AppImageConfig | undefined {
  const raw = annotations[IMAGE_LIST]?.trim();
  if (!raw) return undefined;
  const opt = (alias: string | undefined, key: string) =>
    (alias !== undefined ? annotations[`${ANNOTATION_PREFIX}${alias}.${key}`] : undefined) ?? undefined;
  const images = list(raw).map((entry): ImageSpec => {
    const eq = entry.indexOf('=');
    const alias = eq > 0 ? entry.slice(0, eq).trim() : undefined;
    const refText = eq > 0 ? entry.slice(eq + 1).trim() : entry;
    // `name:constraint`: the constraint may hold characters a tag may not (`~1.2`, `>=1.0 <2`).
    const slash = refText.lastIndexOf('/');
    const colon = refText.indexOf(':', slash + 1);
    const name = colon > 0 ? refText.slice(0, colon) : refText;
    const constraint = colon > 0 ? refText.slice(colon + 1).trim() || undefined : undefined;
    let image: ImageRef;
    try {
      image = parseImageRef(name);
    } catch (e) {
      throw bad(
        app,
        `image-list entry "${entry}": ${(e as Error).message}`,
        'write image-list: alias=registry/repository[:constraint], …',
      );
    }
    const s = (opt(alias, 'update-strategy') ?? 'semver').trim();
    const strategy = STRATEGY_ALIASES[s];
    if (!strategy)
      throw bad(
        app,
        `${alias ?? name}.update-strategy "${s}" is not known`,
        'use semver, newest-build, alphabetical or digest',
      );
    const helm = {
      ...(opt(alias, 'helm.image-name') ? { imageName: opt(alias, 'helm.image-name') as string } : {}),
      ...(opt(alias, 'helm.image-tag') ? { imageTag: opt(alias, 'helm.image-tag') as string } : {}),
      ...(opt(alias, 'helm.image-spec') ? { imageSpec: opt(alias, 'helm.image-spec') as string } : {}),
    };
    return {
      alias,
      image,
      constraint,
      strategy,
      allowTags: allowTags(app, opt(alias, 'allow-tags')),
      ignoreTags: list(opt(alias, 'ignore-tags')),
      platforms: list(opt(alias, 'platforms') ?? annotations[`${ANNOTATION_PREFIX}platforms`]),
      pullSecret: opt(alias, 'pull-secret')?.trim() || undefined,
      helm,
      kustomizeName: opt(alias, 'kustomize.image-name')?.trim() || undefined,
    };
  });
  return { images, writeBack: writeBack(app, annotations) };
}
