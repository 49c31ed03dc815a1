// The application list as serialized text, kept per app and keyed by its resourceVersion: each change is
// serialized once (per field selection) and every list request concatenates the caller's visible items.
import { hash, randomBytes } from 'node:crypto';
import { API_GROUP, type Application, type KubeObject } from '../model/index.js';
import { byName, firstAfter } from './app-query.js';
import { EncodedBodies } from './http-encoding.js';
import { fieldsKey, selectFields, type FieldTree } from './json-fields.js';
import type { ReadPort } from './ports.js';

interface Entry {
  uid: string | undefined;
  resourceVersion: string | undefined;
  /** Serialized app (UTF-8) per field selection key (`*`: the whole app). */
  texts: Map<string, Buffer>;
}

/** Selections kept per app: the UI's, the CLI's and the whole object cover what clients ask for. */
const MAX_SELECTIONS = 4;
/** Callers × filters whose visible apps are kept; past it the cache starts over. */
const MAX_VISIBLE = 256;

/** The apps a caller may see under a filter: positions in `sorted`; `id` names this answer for ETags. */
export interface Visible {
  sorted: readonly Application[];
  positions: readonly number[];
  id: number;
}

export class AppListSnapshot {
  private sortedApps: Application[] | undefined;
  private readonly entries = new Map<string, Entry>();
  private readonly unsubscribe: () => void;
  /** Compressed list bodies by ETag, shared by the requests that ask for the same one. */
  readonly encoded = new EncodedBodies();
  /** Serializations done (a change costs one per selection asked for; a repeated request none). */
  serialized = 0;
  /** Bumps when an app comes, goes, or changes what filters and RBAC read (name, project, labels, repos). */
  private membership = 0;
  private readonly visibleCache = new Map<
    string,
    { membership: number; policy: object; positions: number[]; id: number }
  >();
  private visibleIds = 0;
  /** Each app's last change, from one increasing sequence (ETags take the newest of a page). */
  private readonly stamps = new Map<string, number>();
  private stamp = 0;
  /** ETags of one process never match another's: the sequences start over on a restart. */
  private readonly instance = randomBytes(9).toString('base64url');

  constructor(private readonly read: Pick<ReadPort, 'namespace' | 'on' | 'apps'>) {
    this.unsubscribe = read.on((type, obj) => this.onChange(type, obj));
  }

  close(): void {
    this.unsubscribe();
    this.entries.clear();
    this.sortedApps = undefined;
  }

  /** The control namespace's apps sorted by name; rebuilt only after an app came or went. */
  sorted(): readonly Application[] {
    this.sortedApps ??= [...this.read.apps.list()].sort(byName);
    return this.sortedApps;
  }

  /**
   * The apps `admits` lets through, remembered per `key` (caller and filter) and `policy` (the RBAC
   * enforcer, replaced whenever the policy changes) until an app comes, goes or changes its name,
   * project, labels or repositories: a status change keeps the answer, so a list request under
   * constant reconciliation checks no app at all.
   */
  visible(key: string, policy: object, admits: (app: Application) => boolean): Visible {
    const sorted = this.sorted();
    const hit = this.visibleCache.get(key);
    if (hit && hit.membership === this.membership && hit.policy === policy)
      return { sorted, positions: hit.positions, id: hit.id };
    const positions: number[] = [];
    sorted.forEach((a, i) => admits(a) && positions.push(i));
    if (this.visibleCache.size >= MAX_VISIBLE) this.visibleCache.clear();
    const id = ++this.visibleIds;
    this.visibleCache.set(key, { membership: this.membership, policy, positions, id });
    return { sorted, positions, id };
  }

  /** The app as JSON (UTF-8), limited to `items` (Argo CD's `items.*` paths with the prefix removed). */
  itemJson(app: Application, items: FieldTree | undefined, key = fieldsKey(items)): Buffer {
    const name = app.metadata.name;
    const rv = app.metadata.resourceVersion;
    let entry = this.entries.get(name);
    if (!entry || entry.uid !== app.metadata.uid || entry.resourceVersion !== rv || rv === undefined) {
      entry = { uid: app.metadata.uid, resourceVersion: rv, texts: new Map() };
      this.entries.set(name, entry);
    }
    let text = entry.texts.get(key);
    if (text === undefined) {
      text = Buffer.from(JSON.stringify(items === undefined ? app : selectFields(app, items)));
      this.serialized++;
      if (entry.texts.size >= MAX_SELECTIONS) entry.texts.delete(entry.texts.keys().next().value ?? '');
      entry.texts.set(key, text);
    }
    return text;
  }

  /**
   * A weak ETag for a page of a visible answer under this selection and list metadata. It changes
   * whenever the body would: another visible answer (an app came, went or changed project or labels;
   * another caller or policy) has another id, the page is named by its first app and size, and any
   * change to an app of the page raises the newest change stamp among them. A 304 costs a lookup per
   * item and one small hash, no serialization.
   */
  etag(visibleId: number, apps: readonly Application[], selection: string, metadata: string): string {
    let newest = 0;
    for (const a of apps) newest = Math.max(newest, this.stamps.get(a.metadata.name) ?? 0);
    const first = apps[0]?.metadata.name ?? '';
    // One-shot hashing: a hash object per request cost as much as the rest of the ETag.
    const text = `${this.instance}\n${visibleId}\n${selection}\n${metadata}\n${first}\n${apps.length}\n${newest}`;
    return `W/"${hash('sha1', text, 'base64url')}"`;
  }

  private onChange(type: string, obj: KubeObject): void {
    if (obj.kind !== 'Application' || !obj.apiVersion.startsWith(`${API_GROUP}/`)) return;
    if (obj.metadata.namespace !== this.read.namespace) return;
    const name = obj.metadata.name ?? '';
    this.stamps.set(name, ++this.stamp);
    const entry = this.entries.get(name);
    if (type === 'deleted' || (entry && entry.resourceVersion !== obj.metadata.resourceVersion))
      this.entries.delete(name);
    if (type !== 'modified' || !this.sortedApps) return this.reorder();
    // The app's slot, if it has one: just before the first app after its name.
    const i = firstAfter(this.sortedApps, (a) => a.metadata.name, name) - 1;
    const old = this.sortedApps[i];
    if (old?.metadata.name !== name) return this.reorder();
    if (!sameMembership(old, obj as Application)) this.membership++;
    this.sortedApps[i] = obj as Application;
  }

  /** An app came or went: the sorted list is rebuilt at the next request, every visible set with it. */
  private reorder(): void {
    this.sortedApps = undefined;
    this.membership++;
  }
}

/** Whether two versions of an app match the same filters and RBAC objects (status changes keep them). */
function sameMembership(a: Application, b: Application): boolean {
  const repos = (x: Application) =>
    JSON.stringify([x.spec.source?.repoURL, x.spec.sources?.map((s) => s.repoURL)]);
  return (
    a.spec.project === b.spec.project &&
    JSON.stringify(a.metadata.labels ?? {}) === JSON.stringify(b.metadata.labels ?? {}) &&
    repos(a) === repos(b)
  );
}
