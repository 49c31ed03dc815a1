// Windowing math for virtualized lists and grids: which rows to render for a scroll position.
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  itemCount: number;
  /** Items per row (1 for a table, several for a tile grid). */
  columns: number;
  /** Extra rows rendered above and below the viewport. */
  overscan: number;
}

export interface WindowResult {
  /** First and one-past-last item index to render. */
  start: number;
  end: number;
  /** Pixel offset of the first rendered row. */
  offsetTop: number;
  totalHeight: number;
}

export function computeWindow(w: WindowInput): WindowResult {
  const columns = Math.max(1, Math.floor(w.columns));
  const rows = Math.ceil(w.itemCount / columns);
  const totalHeight = rows * w.rowHeight;
  if (rows === 0 || w.rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight: 0 };
  const maxTop = Math.max(0, totalHeight - w.viewportHeight);
  const top = Math.min(Math.max(0, w.scrollTop), maxTop);
  const firstRow = Math.max(0, Math.floor(top / w.rowHeight) - w.overscan);
  const lastRow = Math.min(rows, Math.ceil((top + Math.max(0, w.viewportHeight)) / w.rowHeight) + w.overscan);
  return {
    start: firstRow * columns,
    end: Math.min(w.itemCount, lastRow * columns),
    offsetTop: firstRow * w.rowHeight,
    totalHeight,
  };
}

/** How many tiles of `minWidth` (plus gap) fit in `width`. */
export function columnsFor(width: number, minWidth: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (minWidth + gap)));
}

/** The scrollTop that brings row `index` fully into view (or the current one when it already is). */
export function scrollToReveal(index: number, w: Omit<WindowInput, 'itemCount' | 'overscan'>): number {
  const row = Math.floor(index / Math.max(1, w.columns));
  const top = row * w.rowHeight;
  if (top < w.scrollTop) return top;
  if (top + w.rowHeight > w.scrollTop + w.viewportHeight) return top + w.rowHeight - w.viewportHeight;
  return w.scrollTop;
}
