// The actions menu of one resource: its actions (restart, scale…, asking for parameters), and deleting it.
import { useState } from 'react';
import type { ResourceAction, ResourceRef } from '../../api/types.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';

interface Props {
  app: string;
  target: ResourceRef;
  canDelete: boolean;
  /** Tells the page what happened ("restart ran on Deployment web"), or what failed. */
  onDone: (message: string, ok: boolean) => void;
}

export function ResourceActions({ app, target, canDelete, onDone }: Props) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [asking, setAsking] = useState<ResourceAction>();
  const [deleting, setDeleting] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const key = `${target.group}/${target.kind}/${target.namespace}/${target.name}`;
  const actions = useAsync(
    () => (open ? api.resourceActions(app, target) : Promise.resolve([])),
    `${key}|${open}`,
  );
  const label = `${target.kind} ${target.name}`;

  const finish = async (what: string, call: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await call();
      onDone(`${what} on ${label}`, true);
    } catch (e) {
      onDone(`${what} on ${label} failed: ${e instanceof Error ? e.message : String(e)}`, false);
    } finally {
      setBusy(false);
      setAsking(undefined);
      setDeleting(false);
      setOpen(false);
    }
  };
  const run = (a: ResourceAction, params: { name: string; value: string }[] = []) =>
    finish(`${a.displayName ?? a.name} ran`, () => api.runResourceAction(app, target, a.name, params));

  return (
    <div className="resource-actions">
      <button
        type="button"
        className="btn"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        Actions ▾
      </button>
      {open && (
        <menu aria-label={`Actions of ${label}`}>
          {actions.loading && <li className="muted">Loading…</li>}
          {actions.error && <li className="notice notice-error">{actions.error}</li>}
          {(actions.data ?? []).map((a) => (
            <li key={a.name}>
              <button
                type="button"
                className="btn-ghost"
                role="menuitem"
                disabled={a.disabled || busy}
                title={a.disabled ? 'not available in the resource’s current state' : undefined}
                onClick={() => (a.params?.length ? setAsking(a) : void run(a))}
              >
                {a.displayName ?? a.name}
              </button>
            </li>
          ))}
          {!actions.loading && actions.data?.length === 0 && (
            <li className="muted">No actions for {target.kind}</li>
          )}
          <li>
            <button
              type="button"
              className="btn-ghost"
              role="menuitem"
              disabled={!canDelete || busy}
              title={canDelete ? undefined : 'you may not delete resources of this application'}
              onClick={() => setDeleting(true)}
            >
              Delete…
            </button>
          </li>
        </menu>
      )}
      {asking && (
        <Dialog
          title={`${asking.displayName ?? asking.name} ${label}`}
          onClose={() => setAsking(undefined)}
          footer={
            <button
              type="button"
              className="btn-primary"
              disabled={busy}
              onClick={() =>
                void run(
                  asking,
                  (asking.params ?? []).map((p) => ({
                    name: p.name,
                    value: values[p.name] ?? p.default ?? '',
                  })),
                )
              }
            >
              Run
            </button>
          }
        >
          {(asking.params ?? []).map((p) => (
            <label key={p.name} className="field">
              {p.name}
              <input
                value={values[p.name] ?? p.default ?? ''}
                onChange={(e) => setValues({ ...values, [p.name]: e.target.value })}
              />
            </label>
          ))}
        </Dialog>
      )}
      {deleting && (
        <Dialog
          title={`Delete ${label}?`}
          onClose={() => setDeleting(false)}
          footer={
            <button
              type="button"
              className="btn-danger"
              disabled={busy}
              onClick={() => void finish('Deleted', () => api.deleteResource(app, target))}
            >
              Delete
            </button>
          }
        >
          <p>
            {label} is deleted from the cluster. Git still declares it if it is part of the app: the next sync
            creates it again.
          </p>
        </Dialog>
      )}
    </div>
  );
}
