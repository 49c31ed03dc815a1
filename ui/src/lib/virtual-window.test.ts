import { describe, expect, it } from 'vitest';
import { columnsFor, computeWindow, scrollToReveal } from './virtual-window.ts';

describe('computeWindow', () => {
  const base = {
    scrollTop: 0,
    viewportHeight: 400,
    rowHeight: 40,
    itemCount: 10_000,
    columns: 1,
    overscan: 2,
  };

  it('renders only the visible rows plus overscan', () => {
    expect(computeWindow(base)).toEqual({ start: 0, end: 12, offsetTop: 0, totalHeight: 400_000 });
    expect(computeWindow({ ...base, scrollTop: 4000 })).toEqual({
      start: 98,
      end: 112,
      offsetTop: 3920,
      totalHeight: 400_000,
    });
  });

  it('clamps at the end and past-the-end scroll positions', () => {
    const w = computeWindow({ ...base, scrollTop: 10_000_000 });
    expect(w.end).toBe(10_000);
    expect(w.start).toBe(10_000 - 10 - 2);
  });

  it('windows a grid by rows of several columns', () => {
    const w = computeWindow({ ...base, columns: 4, scrollTop: 400 });
    expect(w.start % 4).toBe(0);
    expect(w).toEqual({ start: 32, end: 88, offsetTop: 320, totalHeight: 100_000 });
    expect(computeWindow({ ...base, itemCount: 5, columns: 4 }).end).toBe(5);
  });

  it('handles empty lists', () => {
    expect(computeWindow({ ...base, itemCount: 0 })).toEqual({
      start: 0,
      end: 0,
      offsetTop: 0,
      totalHeight: 0,
    });
  });
});

describe('columnsFor and scrollToReveal', () => {
  it('fits as many tiles as the width allows, at least one', () => {
    expect(columnsFor(1000, 300, 16)).toBe(3);
    expect(columnsFor(200, 300, 16)).toBe(1);
  });
  it('scrolls just enough to show a row', () => {
    const w = { scrollTop: 400, viewportHeight: 200, rowHeight: 40, columns: 1 };
    expect(scrollToReveal(5, w)).toBe(200);
    expect(scrollToReveal(12, w)).toBe(400);
    expect(scrollToReveal(20, w)).toBe(640);
  });
});
