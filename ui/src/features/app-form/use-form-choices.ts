// Projects and clusters offered by the app form.
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';

export function useFormChoices(): { projects: string[]; clusters: { name: string; server: string }[] } {
  const api = useApi();
  const projects = useAsync(() => api.projects(), 'projects');
  const clusters = useAsync(() => api.clusters(), 'clusters');
  return {
    projects: (projects.data?.items ?? []).map((p) => p.metadata.name),
    clusters: (clusters.data?.items ?? []).map((c) => ({ name: c.name, server: c.server })),
  };
}
