// Myers' O(ND) line diff: the shortest edit script between two lists of lines.

export type Edit = { op: 'equal' | 'delete' | 'insert'; line: string };

/** Above this many edits the diff stops searching and replaces the rest wholesale (bounded time and memory). */
const MAX_EDIT_DISTANCE = 1000;

export function diffLines(a: readonly string[], b: readonly string[]): Edit[] {
  // Common prefix and suffix cost nothing and shrink the search a lot for typical manifests.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middle = myers(a.slice(start, endA), b.slice(start, endB));
  const eq = (line: string): Edit => ({ op: 'equal', line });
  return [...a.slice(0, start).map(eq), ...middle, ...a.slice(endA).map(eq)];
}

function myers(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return replaceAll(a, b);
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, offset);
    }
  }
  return replaceAll(a, b);
}

function backtrack(trace: Int32Array[], a: readonly string[], b: readonly string[], offset: number): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  // trace[d] holds the furthest x per diagonal before round d (k±1 neighbours are never touched in the same round).
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d] ?? new Int32Array(0);
    const k = x - y;
    const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : (v[offset + prevK] ?? 0);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      edits.push({ op: 'equal', line: a[--x] ?? '' });
      y--;
    }
    if (d === 0) break;
    if (down) edits.push({ op: 'insert', line: b[--y] ?? '' });
    else edits.push({ op: 'delete', line: a[--x] ?? '' });
  }
  return edits.reverse();
}

function replaceAll(a: readonly string[], b: readonly string[]): Edit[] {
  return [
    ...a.map((line): Edit => ({ op: 'delete', line })),
    ...b.map((line): Edit => ({ op: 'insert', line })),
  ];
}
