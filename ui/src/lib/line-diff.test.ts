import { describe, expect, it } from 'vitest';
import { diffLines, sideBySideRows, unifiedRows } from './line-diff.ts';

const none = () => undefined;
const d = (a: string, b: string) => diffLines(a ? a.split('\n') : [], b ? b.split('\n') : [], none, none);
const render = (a: string, b: string) =>
  d(a, b)
    .map((l) => (l.op === 'same' ? ' ' : l.op === 'add' ? '+' : '-') + l.text)
    .join('|');

describe('diffLines', () => {
  it('finds a minimal edit script', () => {
    expect(render('a\nb\nc', 'a\nx\nc')).toBe(' a|-b|+x| c');
    expect(render('a\nb\nc\nd', 'a\nc\nd\ne')).toBe(' a|-b| c| d|+e');
    expect(render('', 'a')).toBe('+a');
    expect(render('a', '')).toBe('-a');
    expect(render('x\ny', 'x\ny')).toBe(' x| y');
  });

  it('numbers lines on each side', () => {
    const lines = d('a\nb', 'a\nc\nb');
    expect(lines.map((l) => [l.op, l.left, l.right])).toEqual([
      ['same', 1, 1],
      ['add', undefined, 2],
      ['same', 2, 3],
    ]);
  });

  it('reproduces both sides exactly for random inputs', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let t = 0; t < 200; t++) {
      const a = Array.from({ length: Math.floor(rnd() * 12) }, () => 'abcd'[Math.floor(rnd() * 4)] ?? 'a');
      const b = Array.from({ length: Math.floor(rnd() * 12) }, () => 'abcd'[Math.floor(rnd() * 4)] ?? 'a');
      const lines = diffLines(a, b, none, none);
      expect(lines.filter((l) => l.op !== 'add').map((l) => l.text)).toEqual(a);
      expect(lines.filter((l) => l.op !== 'del').map((l) => l.text)).toEqual(b);
    }
  });
});

describe('unifiedRows', () => {
  it('folds unchanged runs beyond the context', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const b = [...a];
    b[10] = 'changed';
    const rows = unifiedRows(diffLines(a, b, none, none), 2);
    expect(rows[0]).toEqual({ type: 'skip', count: 8 });
    expect(rows.filter((r) => r.type === 'line')).toHaveLength(6);
    expect(rows[rows.length - 1]).toEqual({ type: 'skip', count: 7 });
  });
});

describe('sideBySideRows', () => {
  it('pairs deletions with the additions that replace them', () => {
    const rows = sideBySideRows(d('a\nb\nc\nz', 'a\nB\nC\nD\nz'));
    expect(rows.map((r) => [r.left?.text, r.right?.text])).toEqual([
      ['a', 'a'],
      ['b', 'B'],
      ['c', 'C'],
      [undefined, 'D'],
      ['z', 'z'],
    ]);
  });
});

describe('folding side-by-side rows', () => {
  it('folds rows where both sides are the same line', async () => {
    const { foldUnchanged } = await import('./line-diff.ts');
    const a = Array.from({ length: 12 }, (_, i) => `l${i}`);
    const b = [...a];
    b[6] = 'x';
    const rows = foldUnchanged(sideBySideRows(diffLines(a, b, none, none)), (r) => r.left !== r.right, 1);
    expect(rows.map((r) => (r.type === 'skip' ? `skip${r.count}` : 'row'))).toEqual([
      'skip5',
      'row',
      'row',
      'row',
      'skip4',
    ]);
  });
});
