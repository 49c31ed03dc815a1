// Repository credentials as Argo CD stores them in Secrets, and the provider interface the repo
// service asks for them: exact `repository` secrets first, then the longest `repo-creds` prefix.
import { isPlainObject, type KubeObject } from '../model/index.js';
import { normalizeRepoURL } from './repo-url.js';

export const LABEL_SECRET_TYPE = 'argocd.argoproj.io/secret-type';

export interface RepoCredentials {
  username?: string;
  password?: string;
  sshPrivateKey?: string;
  insecureIgnoreHostKey?: boolean;
  /** Skip TLS verification (http.sslVerify=false / insecure-skip-tls-verify). */
  insecure?: boolean;
  tlsClientCertData?: string;
  tlsClientCertKey?: string;
}

/** Where the repo service gets credentials; the controller passes secrets in, git never reads the cluster. */
export interface CredentialProvider {
  credentialsFor(repoURL: string): RepoCredentials | undefined;
}

interface CredentialEntry {
  url: string;
  normalized: string;
  creds: RepoCredentials;
}

function decodeField(secret: KubeObject, key: string): string | undefined {
  const data = secret['data'];
  if (isPlainObject(data) && typeof data[key] === 'string') {
    return Buffer.from(data[key], 'base64').toString('utf8');
  }
  const stringData = secret['stringData'];
  if (isPlainObject(stringData) && typeof stringData[key] === 'string') return stringData[key];
  return undefined;
}

function toCredentials(secret: KubeObject): RepoCredentials {
  const creds: RepoCredentials = {};
  const str = (k: 'username' | 'password' | 'sshPrivateKey' | 'tlsClientCertData' | 'tlsClientCertKey') => {
    const v = decodeField(secret, k);
    if (v) creds[k] = v;
  };
  str('username');
  str('password');
  str('sshPrivateKey');
  str('tlsClientCertData');
  str('tlsClientCertKey');
  if (decodeField(secret, 'insecureIgnoreHostKey') === 'true') creds.insecureIgnoreHostKey = true;
  if (decodeField(secret, 'insecure') === 'true') creds.insecure = true;
  return creds;
}

/** Reads Argo CD repository / repo-creds Secrets (plain objects with base64 `data`). */
export class SecretCredentialProvider implements CredentialProvider {
  private readonly repos: CredentialEntry[] = [];
  private readonly templates: CredentialEntry[] = [];

  constructor(secrets: readonly KubeObject[]) {
    for (const s of secrets) {
      if (s.kind !== 'Secret') continue;
      const type = s.metadata.labels?.[LABEL_SECRET_TYPE];
      const url = decodeField(s, 'url');
      if (!url || (type !== 'repository' && type !== 'repo-creds')) continue;
      const entry = { url, normalized: normalizeRepoURL(url), creds: toCredentials(s) };
      (type === 'repository' ? this.repos : this.templates).push(entry);
    }
    // Longest prefix first, so the most specific template wins.
    this.templates.sort((a, b) => b.normalized.length - a.normalized.length);
  }

  credentialsFor(repoURL: string): RepoCredentials | undefined {
    const n = normalizeRepoURL(repoURL);
    const exact = this.repos.find((e) => e.normalized === n);
    if (exact && hasAny(exact.creds)) return exact.creds;
    const lower = repoURL.trim().toLowerCase();
    const tmpl = this.templates.find(
      (e) => n.startsWith(e.normalized) || lower.startsWith(e.url.toLowerCase()),
    );
    return tmpl?.creds ?? exact?.creds;
  }
}

function hasAny(c: RepoCredentials): boolean {
  return Object.keys(c).length > 0;
}

/** A provider with no credentials (public repositories). */
export const noCredentials: CredentialProvider = { credentialsFor: () => undefined };
