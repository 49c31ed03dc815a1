// Argo CD's `fields` selection as the real server applies it (dotted paths, arrays selected element-wise), for
// tests that compare what the UI shows from a selection and from whole objects, and for the mock API.

export type FieldTree = true | Map<string, FieldTree>;

/** The tree of `paths` under `prefix` (e.g. `items` or `result.application`); undefined: none is under it. */
export function fieldTree(paths: readonly string[], prefix: string): FieldTree | undefined {
  const root = new Map<string, FieldTree>();
  const head = `${prefix}.`;
  for (const path of paths) {
    if (path === prefix) return true;
    if (!path.startsWith(head)) continue;
    const keys = path.slice(head.length).split('.');
    let node = root;
    keys.forEach((k, i) => {
      if (i === keys.length - 1) return void node.set(k, true);
      const next = node.get(k);
      if (next === true) return;
      const child = next ?? new Map<string, FieldTree>();
      node.set(k, child);
      node = child;
    });
  }
  return root.size > 0 ? root : undefined;
}

/** The parts of `value` that `tree` names. */
export function selectFields(value: unknown, tree: FieldTree): unknown {
  if (tree === true) return value;
  if (Array.isArray(value)) return value.map((v) => selectFields(v, tree));
  if (value === null || typeof value !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, sub] of tree) {
    const v = (value as Record<string, unknown>)[k];
    const picked = v === undefined ? undefined : selectFields(v, sub);
    if (picked !== undefined) out[k] = picked;
  }
  return out;
}

/** The `fields` query parameter's paths (comma-separated, possibly repeated). */
export const fieldsParam = (q: URLSearchParams): string[] =>
  q
    .getAll('fields')
    .flatMap((f) => f.split(','))
    .filter(Boolean);
