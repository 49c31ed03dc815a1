// `driftless admin diff`: compare desired and live manifests given as YAML text, with a printable result.
import { AbortError } from '../common/errors.js';
import { GoYamlError, parseGoYamlDocuments, type GoYamlDocument } from '../common/go-yaml.js';
import {
  describeKey,
  isPlainObject,
  keyOf,
  objectKeyString,
  type KubeObject,
  type ResourceIgnoreDifferences,
} from '../model/index.js';
import { compareResource, type CompareResult } from './compare-resource.js';
import type { FieldDifference } from './compare-values.js';
import { projectLive } from './project-live.js';
import { unifiedDiff } from './unified-diff.js';

export interface ResourceDiff {
  resource: string;
  status: 'equal' | 'modified' | 'missing' | 'extra';
  reason?: string;
  differences: FieldDifference[];
  warnings: string[];
}

export interface DiffFilesResult {
  equal: boolean;
  /** Unified diffs of every resource that differs ('' when all are equal). */
  text: string;
  resources: ResourceDiff[];
}

/** Parses every document of a YAML text as kubectl reads it (Lists are flattened); throws AbortError. */
export function parseManifests(text: string, label: string): KubeObject[] {
  const out: KubeObject[] = [];
  let docs: GoYamlDocument[];
  try {
    docs = parseGoYamlDocuments(text);
  } catch (e) {
    if (!(e instanceof GoYamlError)) throw e;
    throw new AbortError(`${label}: invalid YAML${e.line ? ` at line ${e.line}` : ''}: ${e.reason}`, {
      hint: 'check the file is valid YAML (one or more documents separated by ---)',
    });
  }
  for (const { value: v } of docs) {
    const items =
      isPlainObject(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)
        ? v.items
        : [v];
    for (const item of items) out.push(asKubeObject(item, label));
  }
  return out;
}

function asKubeObject(v: unknown, label: string): KubeObject {
  if (
    !isPlainObject(v) ||
    typeof v.apiVersion !== 'string' ||
    typeof v.kind !== 'string' ||
    !isPlainObject(v.metadata)
  ) {
    throw new AbortError(`${label}: a document is not a Kubernetes object`, {
      hint: 'every document needs apiVersion, kind and metadata',
    });
  }
  return v as KubeObject;
}

/** Compares desired and live manifests pairwise by group/kind/namespace/name. */
export function diffFiles(
  desiredYaml: string,
  liveYaml: string,
  ignoreDifferences?: readonly ResourceIgnoreDifferences[],
): DiffFilesResult {
  const desiredObjects = parseManifests(desiredYaml, 'desired');
  const liveObjects = parseManifests(liveYaml, 'live');
  // One object on each side: those two are compared, whatever their names.
  const pairs = desiredObjects.length === 1 && liveObjects.length === 1;
  const live = new Map(liveObjects.map((o) => [objectKeyString(o), o] as const));
  const resources: ResourceDiff[] = [];
  const texts: string[] = [];
  for (const original of desiredObjects) {
    const l = pairs ? liveObjects[0] : matchLive(original, live);
    if (l) live.delete(objectKeyString(l));
    // As the controller does: a desired object without a namespace takes the live one's.
    const d =
      l && !original.metadata.namespace && l.metadata.namespace
        ? { ...original, metadata: { ...original.metadata, namespace: l.metadata.namespace } }
        : original;
    const r = compareResource({ desired: d, live: l, ignoreDifferences });
    const name = describeKey(keyOf(d));
    const status = !l ? 'missing' : r.modified ? 'modified' : 'equal';
    resources.push({
      resource: name,
      status,
      ...(r.reason ? { reason: r.reason } : {}),
      differences: status === 'missing' ? [] : r.differences,
      warnings: r.warnings,
    });
    if (r.modified) texts.push(renderText(name, r));
  }
  for (const l of live.values()) {
    const name = describeKey(keyOf(l));
    resources.push({
      resource: name,
      status: 'extra',
      reason: 'live only (not in desired)',
      differences: [],
      warnings: [],
    });
    texts.push(`===== ${name} (live only) =====\n`);
  }
  return { equal: resources.every((r) => r.status === 'equal'), text: texts.join('\n'), resources };
}

/** The live object with the same key; for a desired object without a namespace, the only one of that name. */
function matchLive(d: KubeObject, live: ReadonlyMap<string, KubeObject>): KubeObject | undefined {
  const exact = live.get(objectKeyString(d));
  if (exact || d.metadata.namespace) return exact;
  const k = keyOf(d);
  const same = [...live.values()].filter((l) => {
    const lk = keyOf(l);
    return lk.group === k.group && lk.kind === k.kind && lk.name === k.name;
  });
  return same.length === 1 ? same[0] : undefined;
}

function renderText(name: string, r: CompareResult): string {
  const header = `===== ${name} =====`;
  if (!r.normalizedLive)
    return `${header}\n${r.reason ?? 'missing'}\n${unifiedDiff(r.normalizedDesired, undefined, { fromLabel: 'desired', toLabel: 'live' })}`;
  const projected = projectLive(r.normalizedDesired, r.normalizedLive, new Set(r.diffPaths));
  const body = unifiedDiff(r.normalizedDesired, projected, { fromLabel: 'desired', toLabel: 'live' });
  // Differences by value that render alike (none expected) still get their paths listed.
  return `${header}\n${body || r.diffPaths.map((p) => `~ ${p}\n`).join('')}`;
}
