// One commit's subject and author, fetched from the app's repository (history rows, rollback dialogs).
import type { Application } from '../../api/types.ts';
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';

export function CommitSummary({ app, revision }: { app: Application; revision: string }) {
  const api = useApi();
  const meta = useAsync(() => api.revisionMetadata(app.metadata.name, revision), revision);
  if (meta.loading) return <span className="muted">loading commit…</span>;
  if (meta.error || !meta.data) return <span className="muted">commit details unavailable</span>;
  return (
    <>
      <span className="commit-msg">{meta.data.message?.split('\n')[0]}</span>
      <span className="muted"> — {meta.data.author}</span>
    </>
  );
}
