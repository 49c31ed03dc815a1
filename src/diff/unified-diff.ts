// Unified text diffs (`--- a`, `+++ b`, `@@ -l,n +l,n @@`) of two values rendered as YAML.
import { diffLines, type Edit } from './line-diff.js';
import { toYaml } from './yaml-render.js';

export interface UnifiedDiffOptions {
  /** Unchanged lines shown around each change (default 3). */
  context?: number;
  fromLabel?: string;
  toLabel?: string;
}

/** The unified diff of `a` and `b` (strings are diffed as they are, anything else as YAML); '' when equal. */
export function unifiedDiff(a: unknown, b: unknown, opts: UnifiedDiffOptions = {}): string {
  const context = Math.max(0, opts.context ?? 3);
  const edits = diffLines(toLines(a), toLines(b));
  if (edits.every((e) => e.op === 'equal')) return '';
  const out = [`--- ${opts.fromLabel ?? 'desired'}`, `+++ ${opts.toLabel ?? 'live'}`];
  for (const h of hunks(edits, context)) out.push(...renderHunk(edits, h));
  return out.join('\n') + '\n';
}

function toLines(v: unknown): string[] {
  if (v === undefined) return [];
  const text = typeof v === 'string' ? v : toYaml(v);
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

interface Range {
  from: number;
  to: number;
}

/** Groups changed edits with their context; changes closer than 2×context share a hunk. */
function hunks(edits: readonly Edit[], context: number): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < edits.length; i++) {
    if (edits[i]?.op === 'equal') continue;
    const from = Math.max(0, i - context);
    let end = i;
    while (end + 1 < edits.length) {
      let j = end + 1;
      while (j < edits.length && edits[j]?.op === 'equal') j++;
      if (j < edits.length && j - end - 1 <= 2 * context) end = j;
      else break;
    }
    const to = Math.min(edits.length, end + context + 1);
    out.push({ from, to });
    i = end;
  }
  return out;
}

function renderHunk(edits: readonly Edit[], h: Range): string[] {
  let aLine = 1;
  let bLine = 1;
  for (let i = 0; i < h.from; i++) {
    const op = edits[i]?.op;
    if (op !== 'insert') aLine++;
    if (op !== 'delete') bLine++;
  }
  let aCount = 0;
  let bCount = 0;
  const body: string[] = [];
  for (let i = h.from; i < h.to; i++) {
    const e = edits[i];
    if (!e) continue;
    if (e.op !== 'insert') aCount++;
    if (e.op !== 'delete') bCount++;
    body.push(`${e.op === 'equal' ? ' ' : e.op === 'delete' ? '-' : '+'}${e.line}`);
  }
  // An empty side starts at the line before it, by convention (`-0,0`).
  const range = (start: number, count: number): string => `${count === 0 ? start - 1 : start},${count}`;
  return [`@@ -${range(aLine, aCount)} +${range(bLine, bCount)} @@`, ...body];
}
