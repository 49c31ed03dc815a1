// Argo CD's spec.ignoreDifferences: which rules apply to an object, and removing what they name from one side.
import { isPlainObject, keyOf, type KubeObject, type ResourceIgnoreDifferences } from '../model/index.js';
import type { OwnedField } from './fields-v1.js';
import { jqPaths } from './jq-eval.js';
import { parseJq, type JqNode } from './jq-parse.js';
import { resolveJsonPointer } from './json-pointer.js';
import { getAt, type Path } from './path.js';
import { removeAll, removeAt } from './remove-path.js';

/** Rules whose group/kind/name/namespace select `obj` (`*` matches any group or kind). */
export function matchingRules(
  rules: readonly ResourceIgnoreDifferences[] | undefined,
  obj: KubeObject,
): ResourceIgnoreDifferences[] {
  if (!rules || rules.length === 0) return [];
  const k = keyOf(obj);
  return rules.filter(
    (r) =>
      (r.kind === '*' || r.kind === k.kind) &&
      (r.group === '*' || (r.group ?? '') === k.group) &&
      (!r.name || r.name === k.name) &&
      (!r.namespace || r.namespace === k.namespace),
  );
}

/** Managers named by the rules' managedFieldsManagers. */
export function ignoredManagers(rules: readonly ResourceIgnoreDifferences[]): Set<string> {
  return new Set(rules.flatMap((r) => r.managedFieldsManagers ?? []));
}

const jqCache = new Map<string, JqNode | Error>();
const JQ_CACHE_LIMIT = 1000;

function compiledJq(expr: string): JqNode {
  let c = jqCache.get(expr);
  if (c === undefined) {
    try {
      c = parseJq(expr);
    } catch (e) {
      c = e instanceof Error ? e : new Error(String(e));
    }
    if (jqCache.size >= JQ_CACHE_LIMIT) jqCache.clear();
    jqCache.set(expr, c);
  }
  if (c instanceof Error) throw c;
  return c;
}

/** Problems in rules (bad pointers, jq outside the supported subset), for a condition on the Application. */
export function validateIgnoreDifferences(rules: readonly ResourceIgnoreDifferences[]): string[] {
  const problems: string[] = [];
  for (const r of rules) {
    if (typeof r.kind !== 'string' || r.kind === '') problems.push('ignoreDifferences entry without kind');
    for (const p of r.jsonPointers ?? []) {
      if (p !== '' && !p.startsWith('/'))
        problems.push(`jsonPointer ${JSON.stringify(p)} must start with "/"`);
    }
    for (const e of r.jqPathExpressions ?? []) {
      try {
        compiledJq(e);
      } catch (err) {
        problems.push(
          `jqPathExpression ${JSON.stringify(e)}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
  }
  return problems;
}

/**
 * `obj` without the fields the rules name. Expressions that fail on this object are skipped and
 * reported in `warnings` (a bad rule must not turn into "everything is out of sync").
 */
export function applyIgnoreRules(
  obj: KubeObject,
  rules: readonly ResourceIgnoreDifferences[],
  owned: readonly OwnedField[],
  lenientKeys: boolean,
  warnings: string[],
): KubeObject {
  const paths: Path[] = [];
  for (const r of rules) {
    for (const p of r.jsonPointers ?? []) {
      const path = resolveJsonPointer(obj, p);
      if (path && path.length > 0) paths.push(path);
    }
    for (const e of r.jqPathExpressions ?? []) {
      try {
        for (const p of jqPaths(compiledJq(e), obj)) if (p.length > 0) paths.push(p);
      } catch (err) {
        warnings.push(
          `jqPathExpression ${JSON.stringify(e)}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
  }
  let out = paths.length > 0 ? removeAll(obj, paths) : obj;
  if (owned.length > 0) out = removeOwned(out, owned, lenientKeys);
  return out;
}

/** Removes fields other managers own; a list item goes too once only its key fields are left. */
function removeOwned(obj: KubeObject, owned: readonly OwnedField[], lenient: boolean): KubeObject {
  let out = obj;
  // Key fields stay until the item goes, or the item could no longer be found by its key.
  for (const f of owned) if (!f.item && !isKeyField(f.path)) out = removeAt(out, f.path, lenient);
  for (const f of owned) {
    if (!f.item) continue;
    const last = f.path[f.path.length - 1];
    if (last?.t === 'v') out = removeAt(out, f.path, lenient);
    else if (last?.t === 'k') {
      const item = getAt(out, f.path, lenient);
      const keyFields = new Set(Object.keys(last.key));
      if (isPlainObject(item) && Object.keys(item).every((k) => keyFields.has(k)))
        out = removeAt(out, f.path, lenient);
    }
  }
  return out;
}

function isKeyField(path: Path): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  return last?.t === 'f' && parent?.t === 'k' && last.name in parent.key;
}
