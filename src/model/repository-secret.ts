// Argo CD's repository Secrets: `repository` (one URL) and `repo-creds` (a URL-prefix template),
// the fields each may carry, and the two directions between a Secret and typed fields.
import { isPlainObject, type KubeObject } from './kube-object.js';

export const LABEL_SECRET_TYPE = 'argocd.argoproj.io/secret-type';

export type RepoSecretKind = 'repository' | 'repo-creds';

const STRING_FIELDS = [
  'type',
  'name',
  'project',
  'username',
  'password',
  'bearerToken',
  'sshPrivateKey',
  'tlsClientCertData',
  'tlsClientCertKey',
  'proxy',
  'noProxy',
] as const;

const BOOLEAN_FIELDS = [
  'insecure',
  'insecureIgnoreHostKey',
  'enableOCI',
  'enableLfs',
  'forceHttpBasicAuth',
] as const;

type StringField = (typeof STRING_FIELDS)[number];
type BooleanField = (typeof BOOLEAN_FIELDS)[number];

/** Everything a repository or credential template Secret says, decoded and typed. */
export type RepositoryFields = { url: string } & { [K in StringField]?: string } & {
  [K in BooleanField]?: boolean;
};

export interface RepoSecret {
  kind: RepoSecretKind;
  /** The Secret's name (where a change must be written). */
  secretName: string;
  fields: RepositoryFields;
}

/** A Secret's values, base64 `data` decoded, `stringData` on top (as the API server merges them). */
export function secretValues(secret: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  const data = secret['data'];
  if (isPlainObject(data))
    for (const [k, v] of Object.entries(data))
      if (typeof v === 'string') out[k] = Buffer.from(v, 'base64').toString('utf8');
  const stringData = secret['stringData'];
  if (isPlainObject(stringData))
    for (const [k, v] of Object.entries(stringData)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The typed content of a repository or repo-creds Secret; undefined for any other Secret. */
export function readRepoSecret(secret: KubeObject): RepoSecret | undefined {
  if (secret.kind !== 'Secret') return undefined;
  const kind = secret.metadata.labels?.[LABEL_SECRET_TYPE];
  if (kind !== 'repository' && kind !== 'repo-creds') return undefined;
  const values = secretValues(secret);
  const url = values['url']?.trim();
  if (!url) return undefined;
  const fields: RepositoryFields = { url };
  for (const k of STRING_FIELDS) {
    const v = values[k];
    if (v) fields[k] = v;
  }
  for (const k of BOOLEAN_FIELDS) if (values[k] === 'true') fields[k] = true;
  return { kind, secretName: secret.metadata.name ?? '', fields };
}

/** `stringData` for a Secret holding these fields (false and empty values are left out). */
export function repoSecretData(fields: RepositoryFields): Record<string, string> {
  const out: Record<string, string> = { url: fields.url };
  for (const k of STRING_FIELDS) {
    const v = fields[k];
    if (v) out[k] = v;
  }
  for (const k of BOOLEAN_FIELDS) if (fields[k]) out[k] = 'true';
  return out;
}

/** Whether the fields carry anything that authenticates (a template fills in only when nothing does). */
export function hasCredentialFields(f: Partial<RepositoryFields>): boolean {
  return Boolean(
    f.username || f.password || f.bearerToken || f.sshPrivateKey || f.tlsClientCertData || f.tlsClientCertKey,
  );
}

/** Whether a repo-creds template covers a repository URL: a case-insensitive prefix, as Argo CD matches. */
export function templateCovers(templateURL: string, repoURL: string): boolean {
  // An OCI registry is named with or without `oci://` (as in Argo CD): compare without it.
  const bare = (u: string) =>
    u
      .trim()
      .toLowerCase()
      .replace(/^oci:\/\//, '');
  return bare(repoURL).startsWith(bare(templateURL));
}
