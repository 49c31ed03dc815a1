// Simulated sync operations: resources are applied one by one over a few seconds, streaming progress.
import type { Application, ResourceResult, SyncRequest } from '../src/api/types.ts';
import type { MockState } from './mock-api.ts';
import { commitFor, event, sha } from './mock-data.ts';

const STEP_MS = Number(process.env['MOCK_SYNC_STEP_MS'] ?? 500);
const timers = new Map<string, ReturnType<typeof setTimeout>>();

export function runSync(st: MockState, name: string, req: SyncRequest, rollback = false): Application {
  const app = st.apps.get(name);
  if (!app) throw new Error('no app');
  const targets = (
    name === 'guestbook'
      ? st
          .resources()
          .filter((r) => r.desired)
          .map((r) => r.node)
      : []
  ).filter(
    (n) => !req.resources?.length || req.resources.some((r) => r.kind === n.kind && r.name === n.name),
  );
  // A real server resolves branches and tags to a commit; the mock invents one.
  const revision =
    req.revision && /^[0-9a-f]{40}$/.test(req.revision) ? req.revision : sha(Date.now() % 100_000);
  const startedAt = new Date().toISOString();
  const results: ResourceResult[] = [];
  const op = {
    sync: {
      revision,
      prune: req.prune ?? false,
      dryRun: req.dryRun ?? false,
      syncOptions: req.syncOptions?.items ?? [],
    },
    initiatedBy: { username: 'admin' },
  };
  const write = (phase: 'Running' | 'Succeeded' | 'Failed', message: string) => {
    const cur = st.apps.get(name);
    if (!cur) return;
    const status = { ...cur.status };
    status.operationState = {
      operation: op,
      phase,
      message,
      startedAt,
      syncResult: { resources: [...results], revision },
      ...(phase === 'Running' ? {} : { finishedAt: new Date().toISOString() }),
    };
    if (phase === 'Succeeded' && !req.dryRun) {
      const hist = status.history ?? [];
      const id = (hist[hist.length - 1]?.id ?? 0) + 1;
      status.history = [
        ...hist,
        {
          id,
          revision,
          deployedAt: new Date().toISOString(),
          deployStartedAt: startedAt,
          initiatedBy: { username: 'admin' },
          ...(cur.spec.source ? { source: cur.spec.source } : {}),
        },
      ];
      status.sync = { status: rollback ? 'OutOfSync' : 'Synced', revision };
      commitFor(revision, id);
    }
    st.put({ ...cur, status });
  };
  write(
    'Running',
    rollback ? `rolling back to ${revision.slice(0, 7)}` : 'waiting for resources to be applied',
  );
  let i = 0;
  const step = () => {
    const n = targets[i++];
    if (!n) {
      if (name === 'guestbook' && !req.dryRun) {
        st.drifted = false;
        const fresh = st.guestbook();
        const cur = st.apps.get(name);
        if (cur)
          st.apps.set(name, { ...cur, status: { ...cur.status, resources: fresh.status?.resources ?? [] } });
        st.addEvent(
          name,
          event(
            'OperationCompleted',
            `Sync operation to ${revision.slice(0, 7)} succeeded`,
            'Application',
            name,
          ),
        );
      }
      write(
        'Succeeded',
        req.dryRun ? 'dry run succeeded: nothing was changed' : 'successfully synced (all tasks run)',
      );
      timers.delete(name);
      return;
    }
    results.push({
      group: n.group,
      version: n.version,
      kind: n.kind,
      namespace: n.namespace,
      name: n.name,
      status: 'Synced',
      message: req.dryRun
        ? `${n.kind.toLowerCase()}/${n.name} configured (dry run)`
        : `${n.kind.toLowerCase()}/${n.name} configured`,
      syncPhase: 'Sync',
      hookPhase: 'Succeeded',
    });
    write('Running', `applied ${i} of ${targets.length}`);
    timers.set(name, setTimeout(step, STEP_MS));
  };
  timers.set(name, setTimeout(step, STEP_MS));
  return st.apps.get(name) ?? app;
}

export function terminate(st: MockState, name: string): void {
  const t = timers.get(name);
  if (t) clearTimeout(t);
  timers.delete(name);
  const cur = st.apps.get(name);
  const os = cur?.status?.operationState;
  if (!cur || !os || os.phase !== 'Running') return;
  st.put({
    ...cur,
    status: {
      ...cur.status,
      operationState: {
        ...os,
        phase: 'Failed',
        message: 'Operation terminated by admin',
        finishedAt: new Date().toISOString(),
      },
    },
  });
}
