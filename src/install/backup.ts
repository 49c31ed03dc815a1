// What `driftless admin export` saves and `admin import` restores: the objects that are an installation's
// state (Applications, AppProjects, ApplicationSets, repository/cluster Secrets, argocd-* settings), cleaned
// of what the server assigns, and the plan that turns a backup into writes against what is live.
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../model/index.js';

/** One kind a backup holds, and which objects of it (all, by name, or by label). */
export interface BackupKind {
  apiVersion: string;
  kind: string;
  /** Only these names (settings objects); otherwise every object matching `labelSelector`, or all. */
  names?: readonly string[];
  labelSelector?: string;
}

const SECRET_TYPE = 'argocd.argoproj.io/secret-type';

export const BACKUP_KINDS: readonly BackupKind[] = [
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    names: [
      'argocd-cm',
      'argocd-rbac-cm',
      'argocd-cmd-params-cm',
      'argocd-ssh-known-hosts-cm',
      'argocd-tls-certs-cm',
      'argocd-gpg-keys-cm',
      'argocd-notifications-cm',
    ],
  },
  { apiVersion: 'v1', kind: 'Secret', names: ['argocd-secret', 'argocd-notifications-secret'] },
  // Repositories, credential templates (read and write) and clusters, as Argo CD labels them.
  { apiVersion: 'v1', kind: 'Secret', labelSelector: SECRET_TYPE },
  // SOPS age keys (docs/secrets.md).
  { apiVersion: 'v1', kind: 'Secret', labelSelector: 'driftless.io/secret-type=sops-age' },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject' },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet' },
];

/** Annotations the server or kubectl write that a restore must not carry over. */
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

/**
 * The object as a backup keeps it: name, namespace, labels, annotations, finalizers and its content;
 * no status, no operation in flight, nothing the server assigns (uid, resourceVersion, managedFields,
 * owner references whose uids would not exist after a restore).
 */
export function cleanForBackup(obj: KubeObject): KubeObject {
  const {
    metadata,
    status: _status,
    operation: _operation,
    ...content
  } = obj as KubeObject & {
    status?: unknown;
    operation?: unknown;
  };
  const annotations = Object.fromEntries(
    Object.entries(metadata.annotations ?? {}).filter(([k]) => !DROPPED_ANNOTATIONS.includes(k)),
  );
  const out: KubeObject = {
    ...content,
    metadata: {
      ...(metadata.name !== undefined ? { name: metadata.name } : {}),
      ...(metadata.namespace !== undefined ? { namespace: metadata.namespace } : {}),
      ...(metadata.labels && Object.keys(metadata.labels).length > 0 ? { labels: metadata.labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ...(metadata.finalizers && metadata.finalizers.length > 0 ? { finalizers: metadata.finalizers } : {}),
    },
  };
  return out;
}

/** kind/namespace/name: how a backup and the live objects are matched. */
export function backupKey(obj: KubeObject): string {
  return `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

export type ImportAction = 'create' | 'update' | 'unchanged' | 'prune';

export interface ImportStep {
  action: ImportAction;
  object: KubeObject;
}

/**
 * What importing `backup` into `namespace` does given the `live` objects of the backed-up kinds there:
 * create what is missing, update what differs, and with `prune` delete what the backup does not hold.
 * Settings first, then projects, then apps (an app's project exists before the app does).
 */
export function planImport(
  backup: readonly KubeObject[],
  live: readonly KubeObject[],
  namespace: string,
  prune: boolean,
): ImportStep[] {
  const liveByKey = new Map(live.map((o) => [backupKey(o), cleanForBackup(o)]));
  const wanted = backup.map((o) => cleanForBackup({ ...o, metadata: { ...o.metadata, namespace } }));
  const wantedKeys = new Set(wanted.map(backupKey));
  const steps: ImportStep[] = wanted.map((object) => {
    const current = liveByKey.get(backupKey(object));
    const action =
      current === undefined ? 'create' : isDeepStrictEqual(current, object) ? 'unchanged' : 'update';
    return { action, object };
  });
  if (prune)
    for (const o of live)
      if (!wantedKeys.has(backupKey(o))) steps.push({ action: 'prune', object: cleanForBackup(o) });
  const order = (o: KubeObject) => BACKUP_KINDS.findIndex((k) => k.kind === o.kind);
  // Prunes last and apps first among them, so nothing points at a project that is already gone.
  return steps.sort((a, b) =>
    a.action === 'prune' || b.action === 'prune'
      ? Number(a.action === 'prune') - Number(b.action === 'prune') || order(b.object) - order(a.object)
      : order(a.object) - order(b.object),
  );
}

/** Whether `obj` is one a backup of these kinds holds (named settings objects, or by label). */
export function inBackup(kind: BackupKind, obj: KubeObject): boolean {
  if (kind.names !== undefined) return kind.names.includes(obj.metadata.name ?? '');
  return true;
}
