// Container logs of a pod or of every pod of a workload: follow, pause, wrap, search, download, container picker.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LogEntry } from '../../api/types.ts';
import { ErrorState } from '../../components/States.tsx';
import { useApi } from '../../state/session.tsx';

/** Lines kept in the page; older ones drop off the top. */
const MAX_LINES = 10_000;

interface Props {
  app: string;
  target: { group: string; kind: string; namespace: string; name: string };
  containers: string[];
}

export function LogViewer({ app, target, containers }: Props) {
  const api = useApi();
  const [container, setContainer] = useState(containers[0] ?? '');
  const [follow, setFollow] = useState(true);
  const [paused, setPaused] = useState(false);
  const [wrap, setWrap] = useState(true);
  const [search, setSearch] = useState('');
  const [lines, setLines] = useState<LogEntry[]>([]);
  const [error, setError] = useState<string>();
  const held = useRef<LogEntry[]>([]);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    const abort = new AbortController();
    setLines([]);
    setError(undefined);
    held.current = [];
    const scope =
      target.kind === 'Pod' && target.group === ''
        ? { podName: target.name }
        : { kind: target.kind, group: target.group, resourceName: target.name };
    const add = (e: LogEntry) => {
      if (pausedRef.current) held.current.push(e);
      else setLines((prev) => [...prev, e].slice(-MAX_LINES));
    };
    api
      .streamLogs(
        app,
        { ...scope, namespace: target.namespace, container, follow, tailLines: 1000 },
        add,
        abort.signal,
      )
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => abort.abort();
  }, [api, app, target.kind, target.group, target.name, target.namespace, container, follow]);

  const resume = () => {
    setPaused(false);
    setLines((prev) => [...prev, ...held.current].slice(-MAX_LINES));
    held.current = [];
  };
  const pods = new Set(lines.map((l) => l.podName));
  const shown = useMemo(() => {
    const needle = search.toLowerCase();
    return needle ? lines.filter((l) => (l.content ?? '').toLowerCase().includes(needle)) : lines;
  }, [lines, search]);
  const text = (l: LogEntry) => (pods.size > 1 ? `${l.podName ?? ''} ${l.content ?? ''}` : (l.content ?? ''));
  const download = () => {
    const blob = new Blob([lines.map(text).join('\n') + '\n'], { type: 'text/plain' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${target.name}${container ? `-${container}` : ''}.log`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <section className="log-viewer" aria-label="Logs">
      <div className="log-toolbar">
        {containers.length > 1 && (
          <label>
            Container{' '}
            <select value={container} onChange={(e) => setContainer(e.target.value)}>
              {containers.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <label>
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap lines
        </label>
        {follow && (
          <button type="button" className="btn" onClick={() => (paused ? resume() : setPaused(true))}>
            {paused ? `Resume (${held.current.length} new)` : 'Pause'}
          </button>
        )}
        <input
          type="search"
          placeholder="Search"
          aria-label="Search logs"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <button type="button" className="btn" onClick={download} disabled={lines.length === 0}>
          Download
        </button>
      </div>
      {error ? (
        <ErrorState title="Could not load logs" message={error} />
      ) : (
        <pre className={wrap ? 'log-lines log-wrap' : 'log-lines'} aria-live="off" data-testid="log-lines">
          {shown.length === 0 ? (
            <span className="muted">{search ? 'No line matches the search.' : 'No log lines yet.'}</span>
          ) : (
            shown.map((l, i) => (
              <div key={i} className="log-line">
                {pods.size > 1 && <span className="log-pod">{l.podName} </span>}
                {l.content}
              </div>
            ))
          )}
        </pre>
      )}
    </section>
  );
}
