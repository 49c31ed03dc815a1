// The sync dialog: revision, prune, dry run, sync options, and which resources to sync.
import { useState } from 'react';
import { errorText } from '../../api/errors.ts';
import type { Application, SyncRequest } from '../../api/types.ts';
import { ConfirmFooter, Dialog } from '../../components/Dialog.tsx';
import { resourceKey } from '../../lib/resource-key.ts';
import { useApi } from '../../state/session.tsx';

const OPTIONS = [
  'CreateNamespace=true',
  'ServerSideApply=true',
  'ApplyOutOfSyncOnly=true',
  'PruneLast=true',
  'Replace=true',
  'Validate=false',
];

export function SyncDialog({ app, onClose }: { app: Application; onClose: () => void }) {
  const api = useApi();
  const resources = app.status?.resources ?? [];
  const [revision, setRevision] = useState('');
  const [prune, setPrune] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const [options, setOptions] = useState<string[]>(app.spec.syncPolicy?.syncOptions ?? []);
  const [selected, setSelected] = useState<Set<string>>(() => new Set(resources.map(resourceKey)));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const outOfSync = resources.filter((r) => r.status === 'OutOfSync').length;

  const toggle = <T,>(s: Set<T>, v: T) => {
    const n = new Set(s);
    if (n.has(v)) n.delete(v);
    else n.add(v);
    return n;
  };
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    const req: SyncRequest = { prune, dryRun };
    if (revision) req.revision = revision;
    if (options.length) req.syncOptions = { items: options };
    if (selected.size !== resources.length)
      req.resources = resources
        .filter((r) => selected.has(resourceKey(r)))
        .map((r) => ({ group: r.group, kind: r.kind, name: r.name, namespace: r.namespace }));
    try {
      await api.sync(app.metadata.name, req);
      onClose();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Sync ${app.metadata.name}`}
      onClose={onClose}
      wide
      footer={
        <ConfirmFooter
          error={error}
          onCancel={onClose}
          onConfirm={() => void submit()}
          disabled={busy || selected.size === 0}
          tone="primary"
        >
          {dryRun ? 'Dry run' : 'Synchronize'}
          {selected.size !== resources.length ? ` ${selected.size} resources` : ''}
        </ConfirmFooter>
      }
    >
      <p className="muted">
        {outOfSync} of {resources.length} resources are out of sync.
      </p>
      <div className="field-row">
        <div className="field">
          <label htmlFor="sync-rev">Revision</label>
          <input
            id="sync-rev"
            value={revision}
            onChange={(e) => setRevision(e.target.value)}
            placeholder={`Default: the app's target revision (${app.spec.source?.targetRevision || 'HEAD'})`}
          />
        </div>
      </div>
      <fieldset className="filter-group">
        <legend>Options</legend>
        <label className="check">
          <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} /> Prune —
          delete resources Git no longer declares
        </label>
        <label className="check">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> Dry run —
          validate only, change nothing
        </label>
        {OPTIONS.map((o) => (
          <label key={o} className="check">
            <input
              type="checkbox"
              checked={options.includes(o)}
              onChange={() => setOptions((x) => (x.includes(o) ? x.filter((y) => y !== o) : [...x, o]))}
            />{' '}
            <code>{o}</code>
          </label>
        ))}
      </fieldset>
      <fieldset className="filter-group">
        <legend>
          Resources ({selected.size}/{resources.length})
        </legend>
        <div className="inline-actions">
          <button
            type="button"
            className="btn-link"
            onClick={() => setSelected(new Set(resources.map(resourceKey)))}
          >
            All
          </button>
          <button
            type="button"
            className="btn-link"
            onClick={() =>
              setSelected(new Set(resources.filter((r) => r.status === 'OutOfSync').map(resourceKey)))
            }
          >
            Out of sync
          </button>
          <button type="button" className="btn-link" onClick={() => setSelected(new Set())}>
            None
          </button>
        </div>
        <div className="filter-scroll">
          {resources.map((r) => (
            <label key={resourceKey(r)} className="check">
              <input
                type="checkbox"
                checked={selected.has(resourceKey(r))}
                onChange={() => setSelected((s) => toggle(s, resourceKey(r)))}
              />
              <span className="check-label mono">
                {r.kind}/{r.name}
              </span>
              <span className={`count ${r.status === 'OutOfSync' ? 'text-warn' : ''}`}>{r.status}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </Dialog>
  );
}
