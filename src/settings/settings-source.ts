// The one reader of Argo CD's settings objects (argocd-cm, argocd-rbac-cm, argocd-secret,
// argocd-cmd-params-cm, argocd-notifications-cm/-secret): backed by the watch cache, typed, each view
// parsed once per change.
import type { KubeObject } from '../model/index.js';
import {
  ARGOCD_CM,
  ARGOCD_RBAC_CM,
  ARGOCD_SECRET,
  CMD_PARAMS_CM,
  NOTIFICATIONS_CM,
  NOTIFICATIONS_SECRET,
} from '../model/settings-objects.js';

/** One settings object as last seen: its string data (Secret values decoded) and the object itself. */
export interface SettingsPart {
  readonly object: KubeObject | undefined;
  readonly data: Readonly<Record<string, string>>;
}

export interface SettingsSnapshot {
  /** argocd-cm */
  readonly cm: SettingsPart;
  /** argocd-rbac-cm */
  readonly rbac: SettingsPart;
  /** argocd-secret (data decoded from base64) */
  readonly secret: SettingsPart;
  /** argocd-cmd-params-cm */
  readonly cmdParams: SettingsPart;
  /** argocd-notifications-cm */
  readonly notificationsCm: SettingsPart;
  /** argocd-notifications-secret (data decoded from base64) */
  readonly notificationsSecret: SettingsPart;
}

export type PartName = keyof SettingsSnapshot;

/** Where the objects come from: the live cache of the control namespace (or a fixed set in tests). */
export interface SettingsObjects {
  get(kind: 'ConfigMap' | 'Secret', name: string): KubeObject | undefined;
  /** Calls back on every change of an object in the cache; returns the unsubscribe function. */
  on(listener: (obj: KubeObject) => void): () => void;
}

const PARTS: Record<PartName, { kind: 'ConfigMap' | 'Secret'; name: string }> = {
  cm: { kind: 'ConfigMap', name: ARGOCD_CM },
  rbac: { kind: 'ConfigMap', name: ARGOCD_RBAC_CM },
  secret: { kind: 'Secret', name: ARGOCD_SECRET },
  cmdParams: { kind: 'ConfigMap', name: CMD_PARAMS_CM },
  notificationsCm: { kind: 'ConfigMap', name: NOTIFICATIONS_CM },
  notificationsSecret: { kind: 'Secret', name: NOTIFICATIONS_SECRET },
};
const NAMES = new Set(Object.values(PARTS).map((p) => p.name));

function stringData(obj: KubeObject | undefined, decode: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const data = obj?.data;
  if (!data || typeof data !== 'object') return out;
  for (const [k, v] of Object.entries(data as Record<string, unknown>))
    if (typeof v === 'string') out[k] = decode ? Buffer.from(v, 'base64').toString('utf8') : v;
  return out;
}

/**
 * The current settings. A cache event on one of these objects marks the snapshot stale; the next
 * read rebuilds only the parts whose resourceVersion moved, so views derived from unchanged parts keep
 * their identity and are not parsed again.
 */
export class SettingsSource {
  private snapshot: SettingsSnapshot | undefined;
  /** The snapshot before the last change: parts whose resourceVersion did not move are reused. */
  private last: SettingsSnapshot | undefined;
  private readonly unsubscribe: () => void;
  private readonly listeners = new Set<(changed: ReadonlySet<PartName>) => void>();

  constructor(private readonly objects: SettingsObjects) {
    this.unsubscribe = objects.on((obj) => {
      if ((obj.kind !== 'ConfigMap' && obj.kind !== 'Secret') || !NAMES.has(obj.metadata.name ?? '')) return;
      const before = this.snapshot;
      this.snapshot = undefined;
      if (this.listeners.size === 0) return;
      const after = this.current();
      const changed = new Set((Object.keys(PARTS) as PartName[]).filter((p) => before?.[p] !== after[p]));
      if (changed.size > 0) for (const l of this.listeners) l(changed);
    });
  }

  current(): SettingsSnapshot {
    if (this.snapshot) return this.snapshot;
    const prev = this.last;
    const part = (name: PartName): SettingsPart => {
      const { kind, name: objectName } = PARTS[name];
      const object = this.objects.get(kind, objectName);
      const old = prev?.[name];
      if (old && old.object?.metadata.resourceVersion === object?.metadata.resourceVersion) return old;
      return { object, data: stringData(object, kind === 'Secret') };
    };
    this.snapshot = this.last = {
      cm: part('cm'),
      rbac: part('rbac'),
      secret: part('secret'),
      cmdParams: part('cmdParams'),
      notificationsCm: part('notificationsCm'),
      notificationsSecret: part('notificationsSecret'),
    };
    return this.snapshot;
  }

  /** A view of some parts, built on first read and again only after one of those parts changed. */
  derive<T>(parts: readonly PartName[], build: (s: SettingsSnapshot) => T): () => T {
    let memo: { inputs: SettingsPart[]; value: T } | undefined;
    return () => {
      const s = this.current();
      const inputs = parts.map((p) => s[p]);
      if (!memo || inputs.some((p, i) => p !== memo?.inputs[i])) memo = { inputs, value: build(s) };
      return memo.value;
    };
  }

  /** Calls back with the parts that changed, after each change. */
  onChange(listener: (changed: ReadonlySet<PartName>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
