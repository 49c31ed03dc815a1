// Container image references (`[registry/]repository[:tag][@digest]`) split and joined as Docker
// reads them: the first component is a registry when it has a dot, a colon or is `localhost`.
import { ImageError } from './errors.js';

export interface ImageRef {
  /** As written, without tag or digest (`registry.example.com/team/api`, `nginx`). */
  name: string;
  /** Registry host (`docker.io` when the name has none). */
  registry: string;
  /** Repository path in the registry (`library/nginx` for `nginx` on docker.io). */
  repository: string;
  tag?: string;
  digest?: string;
}

const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,}$/;
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

function invalid(ref: string, why: string): ImageError {
  return new ImageError(`"${ref}" is not an image reference: ${why}`, {
    reason: 'InvalidReference',
    hint: 'write it as [registry/]repository[:tag][@sha256:digest], e.g. registry.example.com/team/api:v1.2.3',
  });
}

export function parseImageRef(raw: string): ImageRef {
  const ref = raw.trim();
  if (!ref) throw invalid(raw, 'it is empty');
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(ref, `"${digest}" is not a digest`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(ref, `"${tag}" is not a tag`);
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  const hasRegistry = parts.length > 1 && (/[.:]/.test(first) || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const path = hasRegistry ? parts.slice(1) : parts;
  if (hasRegistry && !/^(?:[A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(?::\d+)?$/.test(registry))
    throw invalid(ref, `"${registry}" is not a registry host`);
  if (path.length === 0 || path.some((c) => !COMPONENT.test(c)))
    throw invalid(ref, 'the repository must be lowercase letters, digits and . _ - separated by /');
  const repository =
    registry === 'docker.io' && path.length === 1 ? `library/${path[0] ?? ''}` : path.join('/');
  return { name: rest, registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** `name:tag`, `name@digest` or `name:tag@digest`. */
export function formatImageRef(r: Pick<ImageRef, 'name' | 'tag' | 'digest'>): string {
  return `${r.name}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

/** Whether two names mean the same repository (`nginx` = `docker.io/library/nginx`). */
export function sameImageName(a: string, b: string): boolean {
  try {
    const x = parseImageRef(a);
    const y = parseImageRef(b);
    return x.registry === y.registry && x.repository === y.repository;
  } catch {
    return a === b;
  }
}
