// A windowed list/grid: only the rows in view are in the DOM; arrow keys move focus across all items.
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { columnsFor, computeWindow, scrollToReveal } from '../lib/virtual-window.ts';

interface Props {
  count: number;
  rowHeight: number;
  /** Tile grid: minimum tile width; omitted for a one-column list. */
  minColumnWidth?: number;
  gap?: number;
  label: string;
  renderItem: (index: number) => ReactNode;
  className?: string;
  header?: ReactNode;
}

export function VirtualList({
  count,
  rowHeight,
  minColumnWidth,
  gap = 0,
  label,
  renderItem,
  className,
  header,
}: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 1024, height: 600 });
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState(0);
  const columns = minColumnWidth ? columnsFor(size.width, minColumnWidth, gap) : 1;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (active >= count) setActive(Math.max(0, count - 1));
  }, [active, count]);

  const win = computeWindow({
    scrollTop,
    viewportHeight: size.height,
    rowHeight,
    itemCount: count,
    columns,
    overscan: 3,
  });

  const focusIndex = useCallback(
    (i: number) => {
      const el = ref.current;
      if (!el) return;
      const next = Math.min(count - 1, Math.max(0, i));
      setActive(next);
      el.scrollTop = scrollToReveal(next, {
        scrollTop: el.scrollTop,
        viewportHeight: el.clientHeight,
        rowHeight,
        columns,
      });
      // The target is rendered after the scroll re-renders the window.
      requestAnimationFrame(() =>
        el.querySelector<HTMLElement>(`[data-index="${next}"] [data-focus]`)?.focus(),
      );
    },
    [count, rowHeight, columns],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor(size.height / rowHeight));
    const moves: Record<string, number> = {
      ArrowDown: columns,
      ArrowUp: -columns,
      ArrowRight: columns > 1 ? 1 : 0,
      ArrowLeft: columns > 1 ? -1 : 0,
      PageDown: pageRows * columns,
      PageUp: -pageRows * columns,
    };
    let target: number | undefined;
    if (e.key in moves && moves[e.key]) target = active + (moves[e.key] ?? 0);
    else if (e.key === 'Home') target = 0;
    else if (e.key === 'End') target = count - 1;
    if (target === undefined) return;
    e.preventDefault();
    focusIndex(target);
  };

  const items: ReactNode[] = [];
  for (let i = win.start; i < win.end; i++) {
    items.push(
      <div key={i} data-index={i} role="listitem" className="vl-item" onFocus={() => setActive(i)}>
        {renderItem(i)}
      </div>,
    );
  }
  return (
    <div
      ref={ref}
      className={`vl ${className ?? ''}`}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      {header}
      <div style={{ height: win.totalHeight, position: 'relative' }}>
        <div
          role="list"
          aria-label={label}
          className={minColumnWidth ? 'vl-grid' : 'vl-rows'}
          style={{
            transform: `translateY(${win.offsetTop}px)`,
            gridTemplateColumns: minColumnWidth ? `repeat(${columns}, minmax(0, 1fr))` : undefined,
            gap: minColumnWidth ? `${gap}px` : undefined,
            gridAutoRows: `${rowHeight - gap}px`,
          }}
        >
          {items}
        </div>
      </div>
    </div>
  );
}
