// Repository and credential-template Secrets as the API reads and writes them: typed entries
// from the watch cache, views without a single secret value, and create-or-replace writes.
import { createHash } from 'node:crypto';
import type { AppWriter } from './ports.js';
import { writeLabelledSecret } from './secret-writes.js';
import {
  hasCredentialFields,
  readRepoSecret,
  repoSecretData,
  type KubeObject,
  type RepoSecret,
  type RepoSecretKind,
  type RepositoryFields,
} from '../model/index.js';
import type { ConnectionState } from './repo-connection.js';

/** Argo CD's Repository as the API returns it: settings, never a password, key or token. */
export interface RepositoryView {
  repo: string;
  type: string;
  name?: string;
  project?: string;
  username?: string;
  insecure?: boolean;
  insecureIgnoreHostKey?: boolean;
  enableLfs?: boolean;
  enableOCI?: boolean;
  forceHttpBasicAuth?: boolean;
  proxy?: string;
  noProxy?: string;
  /** Credentials come from a repo-creds template. */
  inheritedCreds?: boolean;
  /** Whether credentials are stored (never the credentials themselves). */
  hasCredentials: boolean;
  connectionState: ConnectionState;
}

/** Argo CD's RepoCreds as the API returns it. */
export type RepoCredsView = Omit<
  RepositoryView,
  'repo' | 'connectionState' | 'inheritedCreds' | 'project'
> & {
  url: string;
};

export interface StoredRepoSecret extends RepoSecret {
  /** Changes whenever the Secret does (connection states are remembered per version). */
  version: string;
}

export function repoSecrets(cached: readonly KubeObject[], kind: RepoSecretKind): StoredRepoSecret[] {
  const out: StoredRepoSecret[] = [];
  for (const s of cached) {
    const r = readRepoSecret(s);
    if (r?.kind === kind) out.push({ ...r, version: s.metadata.resourceVersion ?? '' });
  }
  return out;
}

/** The registered repository for a URL (and project, when given). */
/**
 * A stored repository's identity: its URL without case, a trailing `/` or `.git` (as Argo CD compares
 * repository URLs), scheme and port kept: two Git servers on one host are two repositories.
 */
function storedRepoKey(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .toLowerCase();
}

export function findRepoSecret(
  list: readonly StoredRepoSecret[],
  url: string,
  project?: string,
): StoredRepoSecret | undefined {
  const same = list.filter((r) => storedRepoKey(r.fields.url) === storedRepoKey(url));
  return project === undefined ? same[0] : same.find((r) => (r.fields.project ?? '') === project);
}

function settingsView(f: RepositoryFields) {
  const v: Omit<RepoCredsView, 'url'> = { type: f.type ?? 'git', hasCredentials: hasCredentialFields(f) };
  if (f.name) v.name = f.name;
  if (f.username) v.username = f.username;
  for (const k of [
    'insecure',
    'insecureIgnoreHostKey',
    'enableLfs',
    'enableOCI',
    'forceHttpBasicAuth',
  ] as const)
    if (f[k]) v[k] = true;
  if (f.proxy) v.proxy = f.proxy.replace(/\/\/[^/@]*@/, '//***@');
  if (f.noProxy) v.noProxy = f.noProxy;
  return v;
}

/** Only non-secret fields are copied: a password or key can never reach a response by accident. */
export function repositoryView(
  f: RepositoryFields,
  state: ConnectionState,
  inherited: boolean,
): RepositoryView {
  const v: RepositoryView = { repo: f.url, ...settingsView(f), connectionState: state };
  if (f.project) v.project = f.project;
  if (inherited) v.inheritedCreds = true;
  return v;
}

export function repoCredsView(f: RepositoryFields): RepoCredsView {
  return { url: f.url, ...settingsView(f) };
}

/** Argo CD's naming: `repo-<hash>` / `creds-<hash>` of the URL (and project). */
function secretName(kind: RepoSecretKind, f: RepositoryFields): string {
  const hash = createHash('sha256')
    .update(`${storedRepoKey(f.url)}\0${f.project ?? ''}`)
    .digest('hex')
    .slice(0, 10);
  return `${kind === 'repository' ? 'repo' : 'creds'}-${hash}`;
}

/** Creates the Secret, or replaces the one named `existing` (upsert). */
export async function writeRepoSecret(
  writer: AppWriter,
  kind: RepoSecretKind,
  fields: RepositoryFields,
  existing?: string,
): Promise<void> {
  await writeLabelledSecret(writer, {
    name: existing ?? secretName(kind, fields),
    secretType: kind,
    stringData: repoSecretData(fields),
  });
}

/** Request settings as fields, absent values left out (the body schema allows `undefined`). */
export function fieldsFromBody(
  url: string,
  body: Record<string, string | boolean | undefined>,
): RepositoryFields {
  const out: Record<string, string | boolean> = { url };
  for (const [k, v] of Object.entries(body)) if (v !== undefined && v !== '') out[k] = v;
  return out as RepositoryFields;
}
