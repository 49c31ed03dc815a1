// ApplicationSets: each set's template, generators, generated apps, error and rollout progress; one opens its detail.
import type { ApplicationSet } from '../../api/types.ts';
import { Link, matchPath, useRouter } from '../../app/router.tsx';
import { appSetError, generatorsText, rolloutSummary, rolloutText } from '../../lib/appset-summary.ts';
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { AdminTable } from '../admin/AdminTable.tsx';
import { AppSetDetail } from './AppSetDetail.tsx';

/** Where the template sends its apps: `{{name}}-web → {{server}}/web`. */
export function templateText(set: ApplicationSet): string {
  const t = set.spec.template;
  const d = t?.spec?.destination;
  return `${t?.metadata?.name ?? '—'} → ${d?.name || d?.server || '—'}/${d?.namespace || '—'}`;
}

function AppSetList() {
  const api = useApi();
  const state = useAsync(() => api.applicationSets(), 'applicationsets');
  return (
    <AdminTable
      title="ApplicationSets"
      what="ApplicationSets"
      state={state}
      note={
        <button type="button" className="btn" onClick={state.reload}>
          Refresh
        </button>
      }
      columns={['Name', 'Project', 'Template', 'Generators', 'Applications', 'Status', 'Rollout']}
      rowKey={(s) => s.metadata.name ?? ''}
      row={(s) => {
        const error = appSetError(s);
        const rollout = rolloutSummary(s);
        return [
          <Link key="n" to={`/applicationsets/${encodeURIComponent(s.metadata.name ?? '')}`}>
            <strong>{s.metadata.name}</strong>
          </Link>,
          s.spec.template?.spec?.project || 'default',
          <code key="t">{templateText(s)}</code>,
          generatorsText(s),
          String(s.status?.resources?.length ?? 0),
          error ? (
            <span key="e" className="badge tone-health-degraded" title={error.message}>
              ✖ {error.reason || 'ErrorOccurred'}
            </span>
          ) : (
            <span key="e" className="badge tone-health-healthy">
              ✔ OK
            </span>
          ),
          rollout ? rolloutText(rollout) : '—',
        ];
      }}
    />
  );
}

export default function AppSetsPage() {
  const { loc } = useRouter();
  const one = matchPath('/applicationsets/:name', loc.pathname)?.['name'];
  if (one) return <AppSetDetail key={one} name={one} />;
  return <AppSetList />;
}
