// Server-side apply's managedFields: which fields a manager owns, as paths (parsing `fieldsV1`: f:, k:, v:, i:, `.`).
import { isPlainObject } from '../model/index.js';
import type { Path, PathSeg } from './path.js';

/** A field a manager owns. `item` marks a list item whose existence is owned (`.` under a `k:`/`v:` entry). */
export interface OwnedField {
  readonly path: Path;
  readonly item: boolean;
}

interface ManagedFieldsEntry {
  manager?: unknown;
  fieldsType?: unknown;
  fieldsV1?: unknown;
  subresource?: unknown;
}

/** Owned fields of the given managers, from `metadata.managedFields` (entries for the status subresource skipped). */
export function ownedFields(managedFields: unknown, managers: ReadonlySet<string>): OwnedField[] {
  if (!Array.isArray(managedFields)) return [];
  const out: OwnedField[] = [];
  for (const e of managedFields as ManagedFieldsEntry[]) {
    if (!isPlainObject(e) || typeof e.manager !== 'string' || !managers.has(e.manager)) continue;
    // Status writes are not what Git says; `scale` writes (an HPA changing replicas) are.
    if (e.subresource === 'status') continue;
    if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1') continue;
    walk(e.fieldsV1, [], out);
  }
  return out;
}

/** Parses one fieldsV1 key; undefined for keys this version does not understand (skipped, never guessed). */
export function parseFieldKey(key: string): PathSeg | undefined {
  const body = key.slice(2);
  try {
    switch (key.slice(0, 2)) {
      case 'f:':
        return { t: 'f', name: body };
      case 'k:': {
        const k: unknown = JSON.parse(body);
        return isPlainObject(k) ? { t: 'k', key: k } : undefined;
      }
      case 'v:':
        return { t: 'v', value: JSON.parse(body) as unknown };
      case 'i:': {
        const i = Number(body);
        return Number.isInteger(i) ? { t: 'i', index: i } : undefined;
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

function walk(node: unknown, prefix: PathSeg[], out: OwnedField[]): void {
  if (!isPlainObject(node)) return;
  for (const [key, child] of Object.entries(node)) {
    if (key === '.') continue;
    const seg = parseFieldKey(key);
    if (!seg) continue;
    const path = [...prefix, seg];
    const children = isPlainObject(child) ? Object.keys(child).filter((k) => k !== '.') : [];
    const isItem = seg.t !== 'f';
    if (isItem && isPlainObject(child) && '.' in child) out.push({ path, item: true });
    if (children.length === 0) {
      if (!isItem) out.push({ path, item: false });
      else if (!(isPlainObject(child) && '.' in child)) out.push({ path, item: true });
    } else {
      walk(child, path, out);
    }
  }
}
