// Projects: what each may deploy from and to; create one, or open one to edit or delete it.
import { useRouter, matchPath, Link } from '../../app/router.tsx';
import { GuardedButton } from '../../components/Guarded.tsx';
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { useCan } from '../../state/use-can.ts';
import { AdminTable } from '../admin/AdminTable.tsx';
import { ProjectEditPage } from './ProjectEditPage.tsx';

function ProjectList() {
  const api = useApi();
  const { navigate } = useRouter();
  const state = useAsync(() => api.projects(), 'projects');
  const canCreate = useCan('projects', 'create', '*');
  return (
    <AdminTable
      title="Projects"
      what="projects"
      state={state}
      note={
        <GuardedButton
          perm={canCreate}
          className="btn-primary"
          onClick={() => navigate('/settings/projects/new')}
        >
          New project
        </GuardedButton>
      }
      columns={['Name', 'Description', 'Source repositories', 'Destinations', 'Roles']}
      rowKey={(p) => p.metadata.name}
      row={(p) => [
        <Link key="n" to={`/settings/projects/${encodeURIComponent(p.metadata.name)}`}>
          <strong>{p.metadata.name}</strong>
        </Link>,
        p.spec.description ?? '',
        <code key="s">{(p.spec.sourceRepos ?? []).join(', ') || '—'}</code>,
        <code key="d">
          {(p.spec.destinations ?? [])
            .map((d) => `${d.name ?? d.server ?? '*'}/${d.namespace ?? '*'}`)
            .join(', ') || '—'}
        </code>,
        (p.spec.roles ?? []).map((r) => r.name).join(', ') || '—',
      ]}
    />
  );
}

export default function ProjectsPage() {
  const { loc } = useRouter();
  const one = matchPath('/settings/projects/:name', loc.pathname)?.['name'];
  if (one === 'new') return <ProjectEditPage key="new" name={undefined} />;
  if (one) return <ProjectEditPage key={one} name={one} />;
  return <ProjectList />;
}
