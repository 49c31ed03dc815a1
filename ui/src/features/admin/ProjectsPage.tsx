// Projects: what each may deploy from and to.
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { AdminTable } from './AdminTable.tsx';

export default function ProjectsPage() {
  const api = useApi();
  const state = useAsync(() => api.projects(), 'projects');
  return (
    <AdminTable
      title="Projects"
      what="projects"
      state={state}
      columns={['Name', 'Description', 'Source repositories', 'Destinations']}
      rowKey={(p) => p.metadata.name}
      row={(p) => [
        <strong key="n">{p.metadata.name}</strong>,
        p.spec.description ?? '',
        <code key="s">{(p.spec.sourceRepos ?? []).join(', ') || '—'}</code>,
        <code key="d">
          {(p.spec.destinations ?? [])
            .map((d) => `${d.name ?? d.server ?? '*'}/${d.namespace ?? '*'}`)
            .join(', ') || '—'}
        </code>,
      ]}
    />
  );
}
