// The app's diff page: every managed resource that differs (desired vs live), unified or side by side.
import { useMemo, useState } from 'react';
import type { Application, ManagedResource } from '../../api/types.ts';
import { KindIcon } from '../../components/KindIcon.tsx';
import { Empty } from '../../components/States.tsx';
import { DEFAULT_DIFF_OPTIONS, DiffLines, type DiffOptions } from './DiffLines.tsx';
import { resourceDiffs } from './resource-diffs.ts';

/** Layout (side by side or unified), compact (fold unchanged blocks) and wrap (long lines) of a diff. */
export function DiffOptionsBar({
  options,
  onChange,
}: {
  options: DiffOptions;
  onChange: (o: DiffOptions) => void;
}) {
  const set = (patch: Partial<DiffOptions>) => onChange({ ...options, ...patch });
  return (
    <div className="diff-options">
      <div className="segmented" role="group" aria-label="Diff layout">
        <button type="button" aria-pressed={options.mode === 'split'} onClick={() => set({ mode: 'split' })}>
          Side by side
        </button>
        <button
          type="button"
          aria-pressed={options.mode === 'unified'}
          onClick={() => set({ mode: 'unified' })}
        >
          Unified
        </button>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={options.compact}
          onChange={(e) => set({ compact: e.target.checked })}
        />{' '}
        Compact
      </label>
      <label className="check">
        <input type="checkbox" checked={options.wrap} onChange={(e) => set({ wrap: e.target.checked })} />{' '}
        Wrap lines
      </label>
    </div>
  );
}

export function DiffView({ app, managed }: { app: Application; managed: readonly ManagedResource[] }) {
  const [options, setOptions] = useState<DiffOptions>(DEFAULT_DIFF_OPTIONS);
  const [showAll, setShowAll] = useState(false);
  const diffs = useMemo(() => resourceDiffs(app, managed), [app, managed]);
  const changed = diffs.filter((d) => d.diff.changes > 0 || d.diff.ignoredChanges > 0);
  const shown = showAll ? diffs : changed;
  return (
    <section className="diff-view" aria-label="Diff">
      <div className="section-bar">
        <h2>
          {changed.length
            ? `${changed.length} of ${diffs.length} resources differ from Git`
            : `All ${diffs.length} resources match Git`}
        </h2>
        <label className="check">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show
          unchanged
        </label>
        <DiffOptionsBar options={options} onChange={setOptions} />
      </div>
      {shown.length === 0 && (
        <Empty title="No differences">The live state matches the desired state in Git.</Empty>
      )}
      {shown.map((d) => (
        <article key={d.key} className="diff-card">
          <header>
            <KindIcon kind={d.resource.kind} />
            <strong>
              {d.resource.kind}/{d.resource.name}
            </strong>
            <span className="muted">{d.resource.namespace}</span>
            {d.diff.changes > 0 && <span className="chip chip-error">{d.diff.changes} changed lines</span>}
            {d.diff.ignoredChanges > 0 && (
              <span className="chip chip-grey" title={d.ignoredPointers.join(', ')}>
                {d.diff.ignoredChanges} ignored ({d.ignoredPointers.join(', ')})
              </span>
            )}
          </header>
          <DiffLines diff={d.diff} options={options} />
        </article>
      ))}
    </section>
  );
}
