// The freshest copy of each Application: the watch cache, the object our own last write returned, or
// (for reads by name that must see a write) the API server itself.
import type { LiveCache } from '../kube/live-cache.js';
import { compareResourceVersions } from '../kube/resource-version.js';
import type { Application, AppProject } from '../model/index.js';
import { API_GROUP } from '../model/index.js';

/** How long remembered writes are kept at most (the cache catches up long before). */
const MAX_REMEMBERED = 10_000;

export class AppStore {
  private readonly written = new Map<string, Application>();
  /** uid of apps we deleted while the cache may still hold them. */
  private readonly deleted = new Map<string, string>();

  constructor(
    private readonly cache: Pick<LiveCache, 'get' | 'list' | 'on'>,
    private readonly namespace: string,
    /** GETs from the API server; undefined when it does not exist. */
    private readonly fetch: {
      app: (name: string) => Promise<Application | undefined>;
      project: (name: string) => Promise<AppProject | undefined>;
    },
  ) {}

  private cached(name: string): Application | undefined {
    return this.cache.get({ group: API_GROUP, kind: 'Application', namespace: this.namespace, name }) as
      Application | undefined;
  }

  /** The cache's copy, or ours when it is newer; undefined when the cache has none (the controller's view). */
  get(name: string): Application | undefined {
    const cached = this.cached(name);
    const mine = this.written.get(name);
    if (!cached) return undefined; // deleted: the cache is the authority on existence
    if (!mine || mine.metadata.uid !== cached.metadata.uid) return cached;
    const cmp = compareResourceVersions(mine.metadata.resourceVersion, cached.metadata.resourceVersion);
    return cmp !== undefined && cmp > 0 ? mine : cached;
  }

  /**
   * Read-your-writes by name: the cache when it has the app and has seen our last write to it, else
   * the API server (an app created a moment ago by kubectl, or one we just deleted).
   */
  async read(name: string): Promise<Application | undefined> {
    const cached = this.cached(name);
    const deletedUid = this.deleted.get(name);
    // The cache has dropped the app we deleted (or holds a new one): it is the authority again.
    if (deletedUid && cached?.metadata.uid !== deletedUid) this.deleted.delete(name);
    if (cached && cached.metadata.uid !== deletedUid) return this.get(name);
    return this.fetch.app(name);
  }

  /** Remembers the object a write returned, so the next read does not see its own stale state. */
  remember(app: Application): void {
    this.deleted.delete(app.metadata.name);
    this.written.delete(app.metadata.name);
    this.written.set(app.metadata.name, app);
    if (this.written.size > MAX_REMEMBERED) this.written.delete(this.written.keys().next().value ?? '');
  }

  /** Remembers a delete that removed the app at once (no finalizers): reads by name ask the API server. */
  rememberDeleted(app: Application): void {
    this.written.delete(app.metadata.name);
    if (app.metadata.uid) this.deleted.set(app.metadata.name, app.metadata.uid);
    if (this.deleted.size > MAX_REMEMBERED) this.deleted.delete(this.deleted.keys().next().value ?? '');
  }

  forget(name: string): void {
    this.written.delete(name);
  }

  /**
   * Resolves with the cached app once `done` holds for it (checked now and on each change), or with the
   * latest copy after `timeoutMs`; undefined if it disappears.
   */
  async until(
    name: string,
    done: (a: Application) => boolean,
    timeoutMs: number,
  ): Promise<Application | undefined> {
    const now = this.cached(name);
    if (!now || done(now)) return now;
    return new Promise((resolve) => {
      const finish = () => {
        unsubscribe();
        clearTimeout(timer);
        resolve(this.cached(name));
      };
      const unsubscribe = this.cache.on((_type, obj) => {
        if (
          obj.kind !== 'Application' ||
          obj.metadata.name !== name ||
          obj.metadata.namespace !== this.namespace
        )
          return;
        const a = this.cached(name);
        if (!a || done(a)) finish();
      });
      const timer = setTimeout(finish, timeoutMs);
      timer.unref();
    });
  }

  list(): Application[] {
    return this.cache.list(API_GROUP, 'Application', this.namespace) as Application[];
  }

  /** The project from the cache, else from the API server (one created a moment ago). */
  async readProject(name: string): Promise<AppProject | undefined> {
    return this.project(name) ?? (await this.fetch.project(name));
  }

  project(name: string): AppProject | undefined {
    return this.cache.get({ group: API_GROUP, kind: 'AppProject', namespace: this.namespace, name }) as
      AppProject | undefined;
  }
}
