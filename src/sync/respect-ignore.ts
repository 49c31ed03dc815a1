// RespectIgnoreDifferences=true: desired objects carry the live values of ignored fields, so a sync keeps them.
import { isPlainObject, type KubeObject, type ResourceIgnoreDifferences } from '../model/index.js';
import { jqPaths } from '../diff/jq-eval.js';
import { matchingRules } from '../diff/ignore-differences.js';
import { parseJsonPointer, resolveJsonPointer } from '../diff/json-pointer.js';
import { getAt, type PathSeg } from '../diff/path.js';
import { removeAt } from '../diff/remove-path.js';

/**
 * `desired` with every field the rules name taken from `live`: copied when live has it, removed when
 * it does not. Dropping the field instead would not keep it under server-side apply: a field this
 * manager applied before and omits now is removed by the server. Without a live object (a create),
 * `desired` is returned as it is, as Argo CD does.
 */
export function respectIgnoreDifferences(
  desired: KubeObject,
  live: KubeObject | undefined,
  rules: readonly ResourceIgnoreDifferences[] | undefined,
  warnings: string[] = [],
): KubeObject {
  if (live === undefined) return desired;
  let out: KubeObject = desired;
  for (const rule of matchingRules(rules, desired)) {
    for (const pointer of rule.jsonPointers ?? []) {
      const tokens = parseJsonPointer(pointer);
      if (tokens === undefined || tokens.length === 0) continue;
      out = takeFromLive(out, live, tokens, resolveJsonPointer(live, pointer) !== undefined);
    }
    for (const expr of rule.jqPathExpressions ?? []) {
      try {
        for (const path of jqPaths(expr, live)) {
          const tokens = toTokens(path);
          if (tokens !== undefined && tokens.length > 0) out = takeFromLive(out, live, tokens, true);
        }
        // Ignored fields that live lacks but Git sets are dropped (they would otherwise be added).
        for (const path of jqPaths(expr, out)) {
          if (path.length > 0 && getAt(live, path) === undefined) out = removeAt(out, path);
        }
      } catch (e) {
        warnings.push(
          `jqPathExpression ${JSON.stringify(expr)}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
  }
  return out;
}

function takeFromLive(
  out: KubeObject,
  live: KubeObject,
  tokens: readonly string[],
  inLive: boolean,
): KubeObject {
  if (inLive) return setAt(out, tokens, valueAt(live, tokens));
  const path = resolveJsonPointer(out, `/${tokens.map(escapeToken).join('/')}`);
  return path === undefined ? out : removeAt(out, path);
}

function escapeToken(t: string): string {
  return t.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toTokens(path: readonly PathSeg[]): string[] | undefined {
  const out: string[] = [];
  for (const seg of path) {
    if (seg.t === 'f') out.push(seg.name);
    else if (seg.t === 'i') out.push(String(seg.index));
    else return undefined;
  }
  return out;
}

function valueAt(root: unknown, tokens: readonly string[]): unknown {
  let cur = root;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isPlainObject(cur)) cur = cur[t];
    else return undefined;
  }
  return cur;
}

/** Copy-on-write set; missing objects on the way are created, a list index must already exist. */
function setAt<T>(root: T, tokens: readonly string[], value: unknown): T {
  return setFrom(root, tokens, 0, value) as T;
}

function setFrom(node: unknown, tokens: readonly string[], depth: number, value: unknown): unknown {
  const tok = tokens[depth];
  if (tok === undefined) return structuredClone(value);
  if (Array.isArray(node)) {
    const i = Number(tok);
    if (!Number.isInteger(i) || i < 0 || i >= node.length) return node;
    const copy = node.slice();
    copy[i] = setFrom(node[i], tokens, depth + 1, value);
    return copy;
  }
  const obj = isPlainObject(node) ? node : {};
  return { ...obj, [tok]: setFrom(obj[tok], tokens, depth + 1, value) };
}
