// Which tag an image moves to (pure): the tag filters, then semver (highest satisfying the
// constraint, no pre-releases unless the constraint names one), newest-build (latest creation time),
// alphabetical (last by name) or digest (the followed tag's current digest).
import { compareVersions, parseConstraint, parseVersion, satisfies, type Version } from '../common/semver.js';
import { globToRegExp, type ImageSpec } from './annotations.js';
import { ImageError } from './errors.js';

/** The tags the image may use at all: allow-tags, then ignore-tags. */
export function allowedTags(
  spec: Pick<ImageSpec, 'allowTags' | 'ignoreTags'>,
  tags: readonly string[],
): string[] {
  const ignore = spec.ignoreTags.map(globToRegExp);
  return tags.filter((t) => (!spec.allowTags || spec.allowTags.test(t)) && !ignore.some((r) => r.test(t)));
}

/** The highest semver tag satisfying the constraint (any release when there is none). */
export function semverPick(tags: readonly string[], constraint: string | undefined): string | undefined {
  const c = constraint ? parseConstraint(constraint) : undefined;
  if (constraint && !c)
    throw new ImageError(`"${constraint}" is not a semver constraint`, {
      reason: 'InvalidAnnotation',
      hint: 'write image-list: alias=registry/repo:~1.2 (or ^1.0, >=1.0 <2.0)',
    });
  const wantsPre = Boolean(constraint && /-/.test(constraint));
  let best: Version | undefined;
  for (const t of tags) {
    const v = parseVersion(t);
    if (!v || (v.prerelease.length > 0 && !wantsPre)) continue;
    if (c && !satisfies(v, c)) continue;
    if (!best || compareVersions(v, best) > 0) best = v;
  }
  return best?.raw;
}

export function alphabeticalPick(tags: readonly string[]): string | undefined {
  return [...tags].sort().at(-1);
}

/** The tag built last; `created` maps tags to creation times (ms). Ties go to the later name. */
export function newestBuildPick(
  tags: readonly string[],
  created: ReadonlyMap<string, number>,
): string | undefined {
  let best: string | undefined;
  for (const t of tags) {
    const at = created.get(t);
    if (at === undefined) continue;
    const b = best === undefined ? undefined : created.get(best);
    if (b === undefined || at > b || (at === b && best !== undefined && t > best)) best = t;
  }
  return best;
}
