// Repository credentials as Argo CD reads them: `repository` Secrets by URL (and project), then the
// longest matching `repo-creds` template; ssh known hosts and per-host CA certificates from their
// ConfigMaps. A snapshot is pure; the live provider rebuilds it when the objects change.
import {
  hasCredentialFields,
  readRepoSecret,
  templateCovers,
  type KubeObject,
  type RepoSecret,
  type RepositoryFields,
} from '../model/index.js';
import { normalizeRepoURL } from './repo-url.js';
import { SSH_KNOWN_HOSTS_CM, TLS_CERTS_CM } from '../model/settings-objects.js';

/** What authenticates one repository (and how to reach it); never logged, never in argv. */
export type RepoCredentials = Omit<RepositoryFields, 'url' | 'name' | 'project' | 'type'>;

export interface RepoAccess {
  credentials?: RepoCredentials | undefined;
  /** Set when a `repository` Secret exists for this URL but is limited to other projects. */
  scopedTo?: string[] | undefined;
}

/** Where git and helm get credentials: the composition root passes cluster objects in; git never reads the cluster. */
export interface CredentialProvider {
  accessFor(repoURL: string, project?: string): RepoAccess;
  /** known_hosts content (argocd-ssh-known-hosts-cm `ssh_known_hosts`). */
  sshKnownHosts(): string;
  /** PEM CA certificates for a host name (argocd-tls-certs-cm), if any. */
  tlsCertsFor(host: string): string | undefined;
  /** age identities for SOPS files, one a line (Secrets labelled `driftless.io/secret-type: sops-age`). */
  sopsAgeKeys?(): string;
  /** Config management plugins from ConfigMaps labelled `driftless.io/config-management-plugin: "true"`. */
  pluginConfigs?(): readonly PluginConfigText[];
}

/** One plugin.yaml held by a ConfigMap: where it is, and its text. */
export interface PluginConfigText {
  origin: string;
  text: string;
}

/** The label that marks a ConfigMap of the control namespace as holding plugin configs (its `*.yaml` keys). */
export const PLUGIN_CM_LABEL = 'driftless.io/config-management-plugin';

function isPluginConfigMap(o: KubeObject): boolean {
  return o.kind === 'ConfigMap' && o.metadata.labels?.[PLUGIN_CM_LABEL] === 'true';
}

/** The label value that marks a Secret of the control namespace as holding SOPS age keys. */
export const SOPS_AGE_SECRET_TYPE = 'sops-age';
const SECRET_TYPE_LABEL = 'driftless.io/secret-type';

function isSopsKeySecret(o: KubeObject): boolean {
  return o.kind === 'Secret' && o.metadata.labels?.[SECRET_TYPE_LABEL] === SOPS_AGE_SECRET_TYPE;
}

/** Every `AGE-SECRET-KEY-…` line of the Secret's `*.agekey` entries (as Flux reads its decryption Secret). */
function ageKeysOf(o: KubeObject): string[] {
  const data = ((o as { data?: Record<string, string> }).data ?? {}) as Record<string, string>;
  return Object.entries(data)
    .filter(([k]) => k.endsWith('.agekey'))
    .flatMap(([, v]) => Buffer.from(v, 'base64').toString('utf8').split('\n'))
    .map((l) => l.trim())
    .filter((l) => l.startsWith('AGE-SECRET-KEY-'));
}

function credentialsOf(f: RepositoryFields): RepoCredentials {
  const { url: _u, name: _n, project: _p, type: _t, ...rest } = f;
  return rest;
}

const configMapData = (o: KubeObject): Record<string, string> =>
  ((o as { data?: Record<string, string> }).data ?? {}) as Record<string, string>;

/** One consistent view of every repository setting, built from Secrets and ConfigMaps. */
export class RepoSettings implements CredentialProvider {
  private readonly repos: RepoSecret[] = [];
  private readonly templates: RepoSecret[] = [];
  private readonly knownHosts: string;
  private readonly tlsCerts: Record<string, string>;
  private readonly ageKeys: string[] = [];
  private readonly plugins: PluginConfigText[] = [];

  constructor(objects: readonly KubeObject[]) {
    let knownHosts = '';
    let tlsCerts: Record<string, string> = {};
    for (const o of objects) {
      if (isSopsKeySecret(o)) this.ageKeys.push(...ageKeysOf(o));
      if (isPluginConfigMap(o))
        for (const [key, text] of Object.entries(configMapData(o)))
          if (/\.ya?ml$/.test(key))
            this.plugins.push({ origin: `ConfigMap ${o.metadata.name ?? ''}/${key}`, text });
      if (o.kind === 'ConfigMap' && o.metadata.name === SSH_KNOWN_HOSTS_CM)
        knownHosts = configMapData(o)['ssh_known_hosts'] ?? '';
      else if (o.kind === 'ConfigMap' && o.metadata.name === TLS_CERTS_CM) tlsCerts = configMapData(o);
      const s = readRepoSecret(o);
      if (s) (s.kind === 'repository' ? this.repos : this.templates).push(s);
    }
    this.knownHosts = knownHosts;
    this.tlsCerts = tlsCerts;
    // Longest prefix first, so the most specific template wins.
    this.templates.sort((a, b) => b.fields.url.length - a.fields.url.length);
  }

  /** Repository Secrets (not templates), for listing. */
  repositories(): readonly RepoSecret[] {
    return this.repos;
  }

  templatesList(): readonly RepoSecret[] {
    return this.templates;
  }

  /** The template whose URL is the longest prefix of `repoURL` (case-insensitive, as Argo CD). */
  templateFor(repoURL: string): RepoSecret | undefined {
    return this.templates.find((t) => templateCovers(t.fields.url, repoURL));
  }

  /** The `repository` Secret an app of `project` uses: its own project's first, else an unscoped one. */
  repositoryFor(repoURL: string, project?: string): RepoSecret | undefined {
    const n = normalizeRepoURL(repoURL);
    const same = this.repos.filter((r) => normalizeRepoURL(r.fields.url) === n);
    return (
      same.find((r) => project !== undefined && r.fields.project === project) ??
      same.find((r) => !r.fields.project)
    );
  }

  accessFor(repoURL: string, project?: string): RepoAccess {
    const repo = this.repositoryFor(repoURL, project);
    const tmpl = this.templateFor(repoURL);
    let credentials: RepoCredentials | undefined;
    if (repo && hasCredentialFields(repo.fields)) credentials = credentialsOf(repo.fields);
    else if (tmpl)
      credentials = { ...credentialsOf(tmpl.fields), ...(repo ? credentialsOf(repo.fields) : {}) };
    else if (repo) credentials = credentialsOf(repo.fields);
    if (repo || credentials) return { credentials };
    const n = normalizeRepoURL(repoURL);
    const scopedTo = this.repos
      .filter((r) => r.fields.project && normalizeRepoURL(r.fields.url) === n)
      .map((r) => r.fields.project ?? '');
    return scopedTo.length > 0 ? { scopedTo } : {};
  }

  sshKnownHosts(): string {
    return this.knownHosts;
  }

  tlsCertsFor(host: string): string | undefined {
    return this.tlsCerts[host.toLowerCase()] ?? this.tlsCerts[host];
  }

  sopsAgeKeys(): string {
    return [...new Set(this.ageKeys)].join('\n');
  }

  pluginConfigs(): readonly PluginConfigText[] {
    return this.plugins;
  }
}

/** Of a namespace's Secrets and ConfigMaps, those that make up repository settings. */
export function repoSettingsObjects(objects: readonly KubeObject[]): KubeObject[] {
  return objects.filter(
    (o) =>
      (o.kind === 'Secret' && (readRepoSecret(o) !== undefined || isSopsKeySecret(o))) ||
      isPluginConfigMap(o) ||
      (o.kind === 'ConfigMap' &&
        (o.metadata.name === SSH_KNOWN_HOSTS_CM || o.metadata.name === TLS_CERTS_CM)),
  );
}

/**
 * The provider the product runs with: reads the current objects on each call (from the live
 * watch cache) and rebuilds its snapshot only when one of them changed, so a new or rotated
 * Secret applies to the next git command without a restart.
 */
export class LiveRepoSettings implements CredentialProvider {
  private snapshot = new RepoSettings([]);
  private fingerprint = '';
  private lastObjects: readonly KubeObject[] | undefined;

  /** `objects` may hand back the same array while nothing changed: then nothing is compared. */
  constructor(private readonly objects: () => readonly KubeObject[]) {}

  current(): RepoSettings {
    const all = this.objects();
    if (all === this.lastObjects) return this.snapshot;
    this.lastObjects = all;
    const objs = repoSettingsObjects(all);
    const fp = objs
      .map((o) => `${o.kind}/${o.metadata.name ?? ''}@${o.metadata.resourceVersion ?? ''}`)
      .sort()
      .join(',');
    if (fp !== this.fingerprint) {
      this.snapshot = new RepoSettings(objs);
      this.fingerprint = fp;
    }
    return this.snapshot;
  }

  accessFor(repoURL: string, project?: string): RepoAccess {
    return this.current().accessFor(repoURL, project);
  }

  sshKnownHosts(): string {
    return this.current().sshKnownHosts();
  }

  tlsCertsFor(host: string): string | undefined {
    return this.current().tlsCertsFor(host);
  }

  sopsAgeKeys(): string {
    return this.current().sopsAgeKeys();
  }

  pluginConfigs(): readonly PluginConfigText[] {
    return this.current().pluginConfigs();
  }
}

/** A provider with no credentials (public repositories, offline commands). */
export const noCredentials: CredentialProvider = {
  accessFor: () => ({}),
  sshKnownHosts: () => '',
  tlsCertsFor: () => undefined,
  sopsAgeKeys: () => '',
};
