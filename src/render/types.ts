// The renderer interface every tool (directory, kustomize, helm) implements, and its context.
import type { RepoCredentials } from '../git/index.js';
import type { ApplicationSource } from '../model/index.js';
import type { SourcedObject } from './parse-manifests.js';
import type { RenderLimits } from './limits.js';
import type { ParsePool } from './parse-pool.js';
import type { RenderSandbox } from './sandbox.js';
import type { ToolLocator } from './tools.js';

export type SourceType = 'Helm' | 'Kustomize' | 'Directory' | 'Plugin';

export interface RenderContext {
  /** Real absolute path of the repository checkout (or unpacked chart). */
  repoRoot: string;
  /** Real absolute path of `source.path`, already proven to be inside repoRoot. */
  appDir: string;
  source: ApplicationSource;
  /** Multi-source apps: the checkout of each `ref` source, for `$ref/path` value files. */
  refRoots?: Readonly<Record<string, string>> | undefined;
  appName: string;
  appNamespace: string;
  /** Destination namespace (helm --namespace, kustomize namespace default). */
  namespace?: string | undefined;
  kubeVersion?: string | undefined;
  apiVersions: readonly string[];
  /** Build environment (ARGOCD_APP_*, KUBE_VERSION, …) passed to every tool. */
  env: Record<string, string>;
  tools: ToolLocator;
  /** Limit for one tool process (limits.renderTimeoutMs). */
  timeoutMs: number;
  /** Size, count and shape limits of this render. */
  limits: RenderLimits;
  /** Counts what this render has read or produced, against `limits`. */
  budget: { bytes: number };
  /** Confines tool processes to the checkout and workDir. */
  sandbox: RenderSandbox;
  /** The repo service's cache folder (chart dependencies fetched before live there). */
  cacheDir: string;
  /** Credentials for a repository URL (Helm chart dependencies). */
  credentialsFor?: ((repoURL: string) => RepoCredentials | undefined) | undefined;
  /** PEM CA certificates for a host name (argocd-tls-certs-cm), for chart dependency repositories. */
  caCertsFor?: ((host: string) => string | undefined) | undefined;
  /** Parses YAML/JSON on a worker thread, off the API's event loop. */
  parser: ParsePool;
  /** A scratch directory owned by this render (generated overlays, values files). */
  workDir: string;
  /** argocd-cm `kustomize.buildOptions`, split on blanks and passed to `kustomize build`. */
  kustomizeBuildOptions?: string | undefined;
  /** Allow kustomize remote bases (refused by default). */
  allowRemoteBases: boolean;
  /** Called before every process start (lets tests count spawns). */
  onSpawn: () => void;
}

/** What running one tool needs (runTool): also used before a checkout exists, e.g. to pull a chart. */
export type ToolContext = Pick<
  RenderContext,
  | 'repoRoot'
  | 'appDir'
  | 'env'
  | 'tools'
  | 'timeoutMs'
  | 'limits'
  | 'budget'
  | 'sandbox'
  | 'workDir'
  | 'onSpawn'
>;

export interface Renderer {
  readonly type: SourceType;
  render(ctx: RenderContext): Promise<SourcedObject[]>;
}
