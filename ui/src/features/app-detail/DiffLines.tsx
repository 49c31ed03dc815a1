// Renders one manifest diff, unified or side by side; ignored and masked lines are labelled as such.
import { useMemo } from 'react';
import {
  foldUnchanged,
  sideBySideRows,
  unifiedRows,
  type DiffLine,
  type Folded,
} from '../../lib/line-diff.ts';
import type { LineMeta, ManifestDiff } from '../../lib/manifest-diff.ts';

export type DiffMode = 'unified' | 'split';
/** How a diff is shown: layout, unchanged blocks folded away ("compact"), long lines wrapped. */
export interface DiffOptions {
  mode: DiffMode;
  compact: boolean;
  wrap: boolean;
}
export const DEFAULT_DIFF_OPTIONS: DiffOptions = { mode: 'split', compact: true, wrap: true };

const all = <T,>(items: readonly T[]): Folded<T>[] => items.map((line) => ({ type: 'line', line }));

function cls(l: DiffLine<LineMeta> | undefined): string {
  if (!l) return 'dl dl-empty';
  return `dl dl-${l.op}${l.meta.ignored ? ' dl-ignored' : ''}${l.meta.masked ? ' dl-masked' : ''}`;
}
const mark = (l: DiffLine<LineMeta>) => (l.op === 'add' ? '+' : l.op === 'del' ? '−' : ' ');
function Tags({ l }: { l: DiffLine<LineMeta> | undefined }) {
  if (!l || l.op === 'same') return null;
  return (
    <>
      {l.meta.ignored && <span className="dl-tag">ignored</span>}
      {l.meta.masked && <span className="dl-tag">masked</span>}
    </>
  );
}

export function DiffLines({
  diff,
  options: { mode, compact, wrap },
  context = 4,
}: {
  diff: ManifestDiff;
  options: DiffOptions;
  context?: number;
}) {
  const unified = useMemo(
    () => (compact ? unifiedRows(diff.lines, context) : all(diff.lines)),
    [diff, context, compact],
  );
  const split = useMemo(() => {
    const rows = sideBySideRows(diff.lines);
    return compact ? foldUnchanged(rows, (r) => r.left !== r.right, context) : all(rows);
  }, [diff, context, compact]);
  const wrapClass = wrap ? ' diff-wrap' : '';
  if (mode === 'unified') {
    return (
      <div
        className={`diff diff-unified${wrapClass}`}
        role="table"
        aria-label="Unified diff, desired against live"
      >
        {unified.map((r, i) =>
          r.type === 'skip' ? (
            <div key={i} className="dl dl-skip" role="row">
              <span role="cell">… {r.count} unchanged lines</span>
            </div>
          ) : (
            <div key={i} className={cls(r.line)} role="row">
              <span className="dl-no" role="cell">
                {r.line.left ?? ''}
              </span>
              <span className="dl-no" role="cell">
                {r.line.right ?? ''}
              </span>
              <span
                className="dl-mark"
                role="cell"
                aria-label={r.line.op === 'add' ? 'desired' : r.line.op === 'del' ? 'live' : undefined}
              >
                {mark(r.line)}
              </span>
              <code role="cell">{r.line.text}</code>
              <Tags l={r.line} />
            </div>
          ),
        )}
      </div>
    );
  }
  return (
    <div
      className={`diff diff-split${wrapClass}`}
      role="table"
      aria-label="Side-by-side diff, live on the left, desired on the right"
    >
      <div className="dl dl-head" role="row">
        <span role="columnheader">Live (cluster)</span>
        <span role="columnheader">Desired (Git)</span>
      </div>
      {split.map((f, i) => {
        if (f.type === 'skip')
          return (
            <div key={i} className="dl dl-skip" role="row">
              <span role="cell">… {f.count} unchanged lines</span>
            </div>
          );
        const r = f.line;
        return (
          <div key={i} className="dl-pair" role="row">
            <div className={cls(r.left)} role="cell">
              <span className="dl-no">{r.left?.left ?? ''}</span>
              <code>{r.left?.text ?? ''}</code>
              <Tags l={r.left} />
            </div>
            <div className={cls(r.right)} role="cell">
              <span className="dl-no">{r.right?.right ?? ''}</span>
              <code>{r.right?.text ?? ''}</code>
              <Tags l={r.right} />
            </div>
          </div>
        );
      })}
    </div>
  );
}
