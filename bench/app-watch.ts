// The bench's view of one namespace's Applications: a list+watch (src/kube's ListWatch) keeps them in
// memory, so waiting on them costs no kubectl run per poll, and every version a watch delivers is
// handed to listeners with the one before it (who wrote it: ./shard-writes.ts).
import type { KubeClient } from '../src/kube/client.js';
import { clientListWatchApi, ListWatch } from '../src/kube/list-watch.js';
import { APPLICATION_RESOURCE, type Application } from '../src/model/index.js';
import { writersBetween, type AppWrite, type ManagedEntry } from './shard-writes.js';

export type AppListener = (app: Application, old: Application | undefined, seenAt: number) => void;

const managed = (a: Application | undefined) =>
  (a?.metadata as { managedFields?: ManagedEntry[] } | undefined)?.managedFields;

export class AppWatch {
  private readonly apps = new Map<string, Application>();
  private readonly listeners = new Set<AppListener>();
  private readonly lw: ListWatch<Application>;

  constructor(client: KubeClient, namespace: string) {
    this.lw = new ListWatch<Application>({
      name: `applications in ${namespace}`,
      api: clientListWatchApi<Application>(client, APPLICATION_RESOURCE, { namespace }),
      handler: {
        replace: (items) => {
          const now = Date.now();
          const old = new Map(this.apps);
          this.apps.clear();
          for (const a of items) this.seen(a, old.get(a.metadata.name), now);
        },
        event: (type, a) => {
          if (type === 'DELETED') this.apps.delete(a.metadata.name);
          else this.seen(a, this.apps.get(a.metadata.name), Date.now());
        },
        error: (e) => console.error(`bench: ${e.message}`),
      },
    }).start();
  }

  /** Resolves once the first list is in. */
  get synced(): Promise<void> {
    return this.lw.synced;
  }

  list(): Application[] {
    return [...this.apps.values()];
  }

  get(name: string): Application | undefined {
    return this.apps.get(name);
  }

  /** Calls `listener` with every version from now on; returns how to stop. */
  on(listener: AppListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records the replicas' writes (field managers driftless-shard-*) from now until the returned stop. */
  recordWrites(): { writes: AppWrite[]; stop: () => void } {
    const writes: AppWrite[] = [];
    const stop = this.on((app, old, seenAt) => {
      if (!old) return; // the first sighting: nothing to compare with
      for (const w of writersBetween(managed(old), managed(app)))
        writes.push({ app: app.metadata.name, writer: w.writer, seenAt, serverAt: w.serverAt });
    });
    return { writes, stop };
  }

  stop(): Promise<void> {
    return this.lw.stop();
  }

  private seen(app: Application, old: Application | undefined, at: number): void {
    this.apps.set(app.metadata.name, app);
    for (const l of this.listeners) l(app, old, at);
  }
}
