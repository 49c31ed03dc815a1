// Myers' O(ND) line diff, plus unified hunks and side-by-side rows built from it. Pure.
export type DiffOp = 'same' | 'del' | 'add';
export interface DiffLine<M = undefined> {
  op: DiffOp;
  text: string;
  /** 1-based line numbers in the left (old) and right (new) texts. */
  left?: number;
  right?: number;
  meta: M;
}

/** Edit script between a and b as a list of ops (indices into a for 'del'/'same', into b for 'add'). */
function myers(a: readonly string[], b: readonly string[]): { op: DiffOp; ai: number; bi: number }[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  trace.push(v);
  // Walk back through the trace to recover the path.
  const ops: { op: DiffOp; ai: number; bi: number }[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d] ?? v;
    const k = x - y;
    const down = k === -d || (k !== d && (vd[offset + k - 1] ?? 0) < (vd[offset + k + 1] ?? 0));
    const pk = down ? k + 1 : k - 1;
    const px = vd[offset + pk] ?? 0;
    const py = px - pk;
    while (x > px && y > py) ops.push({ op: 'same', ai: --x, bi: --y });
    if (d === 0) break;
    if (down) ops.push({ op: 'add', ai: x, bi: --y });
    else ops.push({ op: 'del', ai: --x, bi: y });
  }
  while (x > 0 && y > 0) ops.push({ op: 'same', ai: --x, bi: --y });
  return ops.reverse();
}

export function diffLines<M>(
  a: readonly string[],
  b: readonly string[],
  metaA: (i: number) => M,
  metaB: (i: number) => M,
): DiffLine<M>[] {
  // Trim the common head and tail first: manifests mostly agree, and Myers then works on the middle only.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const out: DiffLine<M>[] = [];
  const same = (ai: number, bi: number) =>
    out.push({ op: 'same', text: a[ai] ?? '', left: ai + 1, right: bi + 1, meta: metaB(bi) });
  for (let i = 0; i < head; i++) same(i, i);
  const mid = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  for (const o of mid) {
    const ai = o.ai + head;
    const bi = o.bi + head;
    if (o.op === 'same') same(ai, bi);
    else if (o.op === 'del') out.push({ op: 'del', text: a[ai] ?? '', left: ai + 1, meta: metaA(ai) });
    else out.push({ op: 'add', text: b[bi] ?? '', right: bi + 1, meta: metaB(bi) });
  }
  for (let i = tail; i > 0; i--) same(a.length - i, b.length - i);
  return out;
}

export type Folded<T> = { type: 'line'; line: T } | { type: 'skip'; count: number };
export type UnifiedRow<M> = Folded<DiffLine<M>>;

/** Keeps changed items with `context` items around them; runs of unchanged items in between fold into one row. */
export function foldUnchanged<T>(
  items: readonly T[],
  isChange: (t: T) => boolean,
  context: number,
): Folded<T>[] {
  const keep = new Uint8Array(items.length);
  items.forEach((l, i) => {
    if (!isChange(l)) return;
    for (let j = Math.max(0, i - context); j <= Math.min(items.length - 1, i + context); j++) keep[j] = 1;
  });
  const rows: Folded<T>[] = [];
  let skipped = 0;
  items.forEach((line, i) => {
    if (keep[i]) {
      if (skipped) rows.push({ type: 'skip', count: skipped });
      skipped = 0;
      rows.push({ type: 'line', line });
    } else skipped++;
  });
  if (skipped) rows.push({ type: 'skip', count: skipped });
  return rows;
}

export function unifiedRows<M>(
  lines: readonly DiffLine<M>[],
  context = 3,
  isChange = (l: DiffLine<M>) => l.op !== 'same',
): UnifiedRow<M>[] {
  return foldUnchanged(lines, isChange, context);
}

export interface SideRow<M> {
  left: DiffLine<M> | undefined;
  right: DiffLine<M> | undefined;
}

/** Pairs each block of deletions with the additions that follow it, line by line. */
export function sideBySideRows<M>(lines: readonly DiffLine<M>[]): SideRow<M>[] {
  const rows: SideRow<M>[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i];
    if (!l) break;
    if (l.op === 'same') {
      rows.push({ left: l, right: l });
      i++;
      continue;
    }
    const dels: DiffLine<M>[] = [];
    const adds: DiffLine<M>[] = [];
    while (lines[i]?.op === 'del') dels.push(lines[i++] as DiffLine<M>);
    while (lines[i]?.op === 'add') adds.push(lines[i++] as DiffLine<M>);
    for (let j = 0; j < Math.max(dels.length, adds.length); j++) rows.push({ left: dels[j], right: adds[j] });
  }
  return rows;
}
