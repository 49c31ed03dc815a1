// One ApplicationSet: its template and generators, conditions, the Applications it generated (live sync and
// health, each linking to its app) and, for progressive syncs, each app's step and rollout status.
import { useRef } from 'react';
import { stringify } from 'yaml';
import { Link } from '../../app/router.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { HealthBadge, SyncBadge } from '../../components/StatusBadge.tsx';
import { appSetError, generatorText, rolloutSummary, rolloutText } from '../../lib/appset-summary.ts';
import { timeAgo } from '../../lib/format.ts';
import { useApplications } from '../../state/applications-store.tsx';
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { templateText } from './AppSetsPage.tsx';

export function AppSetDetail({ name }: { name: string }) {
  const api = useApi();
  const { state: apps } = useApplications();
  // Re-read the set whenever one of the apps it listed changes: its status (steps, resources) follows them.
  const listed = useRef<string[]>([]);
  const versions = listed.current.map((n) => apps.byName.get(n)?.metadata.resourceVersion ?? '');
  const state = useAsync(() => api.applicationSet(name), `${name}|${versions.join(',')}`);
  const set = state.data;
  listed.current = (set?.status?.resources ?? []).map((r) => r.name);
  if (!set && state.error)
    return <ErrorState title={`Cannot show ApplicationSet ${name}`} message={state.error} />;
  if (!set) return <Loading what={name} />;
  const error = appSetError(set);
  const rollout = rolloutSummary(set);
  const progress = new Map((set.status?.applicationStatus ?? []).map((s) => [s.application, s]));
  const policy = set.spec.syncPolicy;
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/applicationsets">ApplicationSets</Link> /
      </nav>
      <div className="section-bar">
        <h1>{name}</h1>
        {error ? (
          <span className="badge tone-health-degraded">✖ ErrorOccurred</span>
        ) : (
          <span className="badge tone-health-healthy">✔ OK</span>
        )}
        {rollout && <span className="chip chip-info">RollingSync: {rolloutText(rollout)}</span>}
        <button type="button" className="btn" onClick={state.reload}>
          Refresh
        </button>
      </div>
      {error && (
        <div className="condition condition-error" role="alert">
          <strong>⚠ {error.reason || 'ErrorOccurred'}</strong>
          <p>{error.message}</p>
        </div>
      )}
      <dl className="facts appset-facts">
        <dt>Project</dt>
        <dd>{set.spec.template?.spec?.project || 'default'}</dd>
        <dt>Template</dt>
        <dd className="mono">{templateText(set)}</dd>
        <dt>Templating</dt>
        <dd>
          {set.spec.goTemplate ? 'Go template' : 'fasttemplate'}
          {set.spec.goTemplateOptions?.length ? ` (${set.spec.goTemplateOptions.join(', ')})` : ''}
          {set.spec.templatePatch ? ' + templatePatch' : ''}
        </dd>
        <dt>Sync policy</dt>
        <dd>
          {policy?.applicationsSync ?? 'sync'}
          {policy?.preserveResourcesOnDeletion ? ', resources kept on deletion' : ''}
        </dd>
      </dl>

      <h2 className="appset-h2">Generators</h2>
      <ul aria-label="Generators">
        {(set.spec.generators ?? []).map((g, i) => (
          <li key={i}>{generatorText(g)}</li>
        ))}
      </ul>

      <h2 className="appset-h2">Applications</h2>
      <table className="table" aria-label="Generated applications">
        <thead>
          <tr>
            <th>Application</th>
            <th>Sync</th>
            <th>Health</th>
            {rollout && <th>Step</th>}
            {rollout && <th>Rollout</th>}
          </tr>
        </thead>
        <tbody>
          {(set.status?.resources ?? []).map((r) => {
            const live = apps.byName.get(r.name);
            const p = progress.get(r.name);
            return (
              <tr key={r.name}>
                <td>
                  <Link to={`/applications/${encodeURIComponent(r.name)}`}>{r.name}</Link>
                </td>
                <td>
                  <SyncBadge status={live?.status?.sync?.status ?? r.status} />
                </td>
                <td>
                  <HealthBadge status={live?.status?.health?.status ?? r.health?.status} />
                </td>
                {rollout && <td>{p?.step ?? '—'}</td>}
                {rollout && <td title={p?.message}>{p ? `${p.status}: ${p.message}` : '—'}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {(set.status?.resources ?? []).length === 0 && <p className="muted">No Applications generated yet.</p>}

      <h2 className="appset-h2">Conditions</h2>
      <table className="table compact" aria-label="Conditions">
        <thead>
          <tr>
            <th>Type</th>
            <th>Status</th>
            <th>Reason</th>
            <th>Message</th>
            <th>Changed</th>
          </tr>
        </thead>
        <tbody>
          {(set.status?.conditions ?? []).map((c) => (
            <tr key={c.type}>
              <td>{c.type}</td>
              <td>{c.status}</td>
              <td>{c.reason}</td>
              <td>{c.message}</td>
              <td>{timeAgo(c.lastTransitionTime)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 className="appset-h2">Spec</h2>
      <pre className="manifest" aria-label="ApplicationSet spec">
        {stringify(set.spec)}
      </pre>
    </div>
  );
}
