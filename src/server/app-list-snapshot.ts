// The application list as serialized text, kept per app and keyed by its resourceVersion: each change is
// serialized once (per field selection) and every list request concatenates the caller's visible items.
import { createHash } from 'node:crypto';
import { API_GROUP, type Application, type KubeObject } from '../model/index.js';
import { byName } from './app-query.js';
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

export class AppListSnapshot {
  private sortedApps: Application[] | undefined;
  private readonly entries = new Map<string, Entry>();
  private readonly unsubscribe: () => void;
  /** Compressed list bodies by ETag, shared by the requests that ask for the same one. */
  readonly encoded = new EncodedBodies();
  /** Serializations done (a change costs one per selection asked for; a repeated request none). */
  serialized = 0;

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
   * A weak ETag for a list of these apps under this selection and list metadata: it changes exactly when
   * the body would (an item came, went or changed resourceVersion), so a 304 needs no serialization.
   */
  etag(apps: readonly Application[], selection: string, metadata: string): string {
    // One string hashed at once: per-item hash updates cost more than the hashing itself.
    const keys = apps.map((a) => {
      const m = a.metadata;
      // An object without a resourceVersion (not from a watch) is keyed by its content.
      return `${m.name}\u0000${m.uid ?? ''}\u0000${m.resourceVersion ?? JSON.stringify(a)}`;
    });
    const h = createHash('sha1').update(`${selection}\n${metadata}\n${keys.join('\n')}`);
    return `W/"${h.digest('base64url')}"`;
  }

  private onChange(type: string, obj: KubeObject): void {
    if (obj.kind !== 'Application' || !obj.apiVersion.startsWith(`${API_GROUP}/`)) return;
    if (obj.metadata.namespace !== this.read.namespace) return;
    const name = obj.metadata.name ?? '';
    const entry = this.entries.get(name);
    if (type === 'deleted' || (entry && entry.resourceVersion !== obj.metadata.resourceVersion))
      this.entries.delete(name);
    if (type !== 'modified' || !this.sortedApps) return void (this.sortedApps = undefined);
    const i = lowerBound(this.sortedApps, name);
    if (this.sortedApps[i]?.metadata.name === name) this.sortedApps[i] = obj as Application;
    else this.sortedApps = undefined;
  }
}

/** Index of the first app whose name is not before `name`. */
function lowerBound(sorted: readonly Application[], name: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as Application).metadata.name < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
