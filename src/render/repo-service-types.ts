// What the repo service is asked and answers: a render request and result, its options, a source's
// details (appdetails) and its counters.
import type { RemoteCallObserver, CredentialProvider } from '../git/index.js';
import type { ApplicationSource, KubeObject } from '../model/index.js';
import type { ParameterAnnouncement } from '../model/plugin-announcement.js';
import type { RenderLimits } from './limits.js';
import type { SandboxMode } from './sandbox.js';
import type { ToolLocator } from './tools.js';
import type { SourceType } from './types.js';

export interface RenderRequest {
  appName: string;
  appNamespace: string;
  source: ApplicationSource;
  /** spec.destination.namespace: default namespace for helm/kustomize. */
  destinationNamespace?: string | undefined;
  /** The destination cluster's version (e.g. `1.34.4`), for helm --kube-version and KUBE_VERSION. */
  kubeVersion?: string | undefined;
  /** The destination cluster's API versions, for helm --api-versions and KUBE_API_VERSIONS. */
  apiVersions?: readonly string[] | undefined;
  /** argocd-cm `kustomize.buildOptions` (e.g. `--enable-helm`, `--load-restrictor LoadRestrictionsNone`). */
  kustomizeBuildOptions?: string | undefined;
  /** Hard refresh: ask the remote again and ignore cached renders. */
  noCache?: boolean | undefined;
  /** Normal refresh: ask the remote for the revision again, but reuse a cached render of it. */
  refreshRevision?: boolean | undefined;
  /** The app's project: selects project-scoped repository credentials. */
  project?: string | undefined;
  /** Multi-source apps: the `ref` sources this source's `$ref/path` value files may name. */
  refs?: Readonly<Record<string, RefSource>> | undefined;
}

/** A Git source named by `ref` in spec.sources, at a revision (a branch, tag or SHA). */
export interface RefSource {
  repoURL: string;
  targetRevision?: string | undefined;
}

export interface RenderResult {
  /** Resolved commit SHA (or chart version for a Helm repository chart). */
  revision: string;
  objects: KubeObject[];
  sourceType: SourceType;
  cached: boolean;
}

export interface RepoServiceOptions {
  cacheDir: string;
  /** Credentials, known hosts and CA certificates (the live cluster settings in the product). */
  credentials?: CredentialProvider | undefined;
  allowRemoteBases?: boolean | undefined;
  /** Limit for one helm/kustomize/jsonnet run. Default 90 s (same as limits.renderTimeoutMs). */
  renderTimeoutMs?: number | undefined;
  /** Per-render limits; unset fields keep DEFAULT_LIMITS (docs/security.md). */
  limits?: Partial<RenderLimits> | undefined;
  /** How render tools are confined; default `bwrap` (docs/security.md). */
  sandbox?: SandboxMode | undefined;
  /** Limit for one git fetch. Default 5 minutes. */
  gitTimeoutMs?: number | undefined;
  maxRepoBytes?: number | undefined;
  /** How long a resolved branch/tag is trusted. Default 180 s. */
  revisionCacheTtlMs?: number | undefined;
  /** JSON bytes of renders kept in memory (least recently used go first). Default 128 MiB. */
  renderCacheBytes?: number | undefined;
  tools?: ToolLocator | undefined;
  /** Folder of config management plugins (plugin.yaml files); ConfigMaps come through `credentials`. */
  pluginDir?: string | undefined;
  /** Told how long each git ls-remote and fetch took (metrics). */
  onRemoteCall?: RemoteCallObserver | undefined;
}

/** What a source holds, as Argo CD's appdetails answers: its type and, for a plugin, what it announces. */
export interface SourceDetails {
  type: SourceType;
  plugin?: { name: string; parametersAnnouncement: ParameterAnnouncement[] };
}

export interface RepoServiceStats {
  gitSpawns: number;
  toolSpawns: number;
  cacheHits: number;
  renders: number;
}
