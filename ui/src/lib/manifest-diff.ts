// Diff of a live and a desired manifest, with ignored fields and masked Secret values marked per line.
import { parse } from 'yaml';
import { maskSecretPair, isMaskedPath, stripServerFields } from './manifest.ts';
import { diffLines, type DiffLine } from './line-diff.ts';
import { toYamlLines, underPointer } from './yaml-lines.ts';

export interface LineMeta {
  path: string;
  ignored: boolean;
  masked: boolean;
}
export type ManifestDiffLine = DiffLine<LineMeta>;

export interface ManifestDiff {
  lines: ManifestDiffLine[];
  /** Changed lines that count (not under an ignored field). */
  changes: number;
  ignoredChanges: number;
}

type Obj = Record<string, unknown>;

export function diffManifests(
  live: Obj | undefined,
  desired: Obj | undefined,
  ignoredPointers: readonly string[] = [],
): ManifestDiff {
  const [l, d] = maskSecretPair(live && stripServerFields(live), desired && stripServerFields(desired));
  const kind = String(d?.['kind'] ?? l?.['kind'] ?? '');
  const left = l ? toYamlLines(l) : [];
  const right = d ? toYamlLines(d) : [];
  const meta = (path: string): LineMeta => ({
    path,
    ignored: ignoredPointers.some((p) => underPointer(path, p)),
    masked: isMaskedPath(kind, path),
  });
  const lines = diffLines(
    left.map((x) => x.text),
    right.map((x) => x.text),
    (i) => meta(left[i]?.path ?? ''),
    (i) => meta(right[i]?.path ?? ''),
  );
  let changes = 0;
  let ignoredChanges = 0;
  for (const x of lines) {
    if (x.op === 'same') continue;
    if (x.meta.ignored) ignoredChanges++;
    else changes++;
  }
  return { lines, changes, ignoredChanges };
}

function parseYamlObject(text: string): Obj | undefined {
  if (!text.trim()) return undefined;
  const v: unknown = parse(text);
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** The same diff from two YAML (or JSON) texts. */
export function diffYamlTexts(
  liveText: string,
  desiredText: string,
  ignoredPointers: readonly string[] = [],
): ManifestDiff {
  return diffManifests(parseYamlObject(liveText), parseYamlObject(desiredText), ignoredPointers);
}
