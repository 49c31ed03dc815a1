// Discovery: which resource types a cluster serves (group/kind → plural, scope, verbs), cached until invalidated.
import { AbortError } from '../common/errors.js';
import { isPlainObject, splitApiVersion } from '../model/kube-object.js';
import { groupKindKey, type ApiResource } from './api-resource.js';
import type { KubeClient } from './client.js';
import {
  parseAggregatedDiscovery,
  parseGroupList,
  parseResourceList,
  type GroupVersionResources,
} from './discovery-parse.js';

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;q=0.9';

export interface ServerVersion {
  major: string;
  minor: string;
  /** e.g. `v1.34.4`, what Helm's `kubeVersion` compares against. */
  gitVersion: string;
  platform?: string;
}

export interface DiscoveryOptions {
  /** On a lookup miss, re-discover at most this often (CRDs appear at runtime). Default 10 s. */
  missRefreshIntervalMs?: number;
  now?: () => number;
}

interface Snapshot {
  groupVersions: GroupVersionResources[];
  /** group/kind → the resource in the group's preferred version that serves the kind. */
  preferred: Map<string, ApiResource>;
  /** group/version/kind → resource. */
  exact: Map<string, ApiResource>;
}

export class Discovery {
  private snapshot: Promise<Snapshot> | undefined;
  private lastRefreshAt = Number.NEGATIVE_INFINITY;
  private version: Promise<ServerVersion> | undefined;
  private readonly missRefreshIntervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: KubeClient,
    opts: DiscoveryOptions = {},
  ) {
    this.missRefreshIntervalMs = opts.missRefreshIntervalMs ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** Forget what was discovered; the next lookup asks the server again. */
  invalidate(): void {
    this.snapshot = undefined;
    this.version = undefined;
  }

  /** Every resource of every served group version (subresources attached, not listed). */
  async allResources(): Promise<ApiResource[]> {
    return (await this.load()).groupVersions.flatMap((gv) => gv.resources);
  }

  /** One resource per group/kind, from the group's preferred version (or the first version serving it). */
  async preferredResources(): Promise<ApiResource[]> {
    return [...(await this.load()).preferred.values()];
  }

  /**
   * The resource serving group/kind (in `version` if given). On a miss, re-discovers once (rate
   * limited) before answering undefined, since the kind may come from a CRD created meanwhile.
   */
  async find(group: string, kind: string, version?: string): Promise<ApiResource | undefined> {
    const lookup = (s: Snapshot): ApiResource | undefined =>
      version ? s.exact.get(`${group}/${version}/${kind}`) : s.preferred.get(groupKindKey(group, kind));
    const hit = lookup(await this.load());
    if (hit || this.now() - this.lastRefreshAt < this.missRefreshIntervalMs) return hit;
    this.invalidate();
    return lookup(await this.load());
  }

  /** Like find, for an object's apiVersion and kind; throws an AbortError naming the type if unknown. */
  async require(apiVersion: string, kind: string): Promise<ApiResource> {
    const { group, version } = splitApiVersion(apiVersion);
    const res = await this.find(group, kind, version);
    if (!res) {
      throw new AbortError(
        `the cluster ${this.client.connection.name} does not serve ${kind} in ${apiVersion}`,
        {
          hint: 'install the CRD that defines it, or fix apiVersion/kind',
        },
      );
    }
    return res;
  }

  /** The server's version; asked once and remembered until invalidate() (it changes only on upgrade). */
  serverVersion(): Promise<ServerVersion> {
    this.version ??= this.fetchVersion().catch((e: unknown) => {
      this.version = undefined;
      throw e;
    });
    return this.version;
  }

  private async fetchVersion(): Promise<ServerVersion> {
    const v = await this.client.request<unknown>({ method: 'GET', path: '/version' });
    if (!isPlainObject(v) || typeof v.gitVersion !== 'string')
      throw new Error('/version returned no gitVersion');
    return {
      major: String(v.major ?? ''),
      minor: String(v.minor ?? ''),
      gitVersion: v.gitVersion,
      ...(typeof v.platform === 'string' ? { platform: v.platform } : {}),
    };
  }

  private load(): Promise<Snapshot> {
    if (!this.snapshot) {
      this.lastRefreshAt = this.now();
      const p = this.fetch().then(index);
      // A failed discovery must not be cached: the next call retries.
      p.catch(() => {
        if (this.snapshot === p) this.snapshot = undefined;
      });
      this.snapshot = p;
    }
    return this.snapshot;
  }

  private async fetch(): Promise<GroupVersionResources[]> {
    const [core, groups] = await Promise.all(
      ['/api', '/apis'].map((path) =>
        this.client.request<unknown>({ method: 'GET', path, accept: AGGREGATED_ACCEPT }),
      ),
    );
    const aggCore = parseAggregatedDiscovery(core);
    const aggGroups = parseAggregatedDiscovery(groups);
    if (aggCore && aggGroups) return [...aggCore, ...aggGroups];
    return this.fetchLegacy(groups);
  }

  /** Servers without aggregated discovery: one request per group version. */
  private async fetchLegacy(groupList: unknown): Promise<GroupVersionResources[]> {
    const gvs = [{ group: '', version: 'v1', preferred: true }, ...parseGroupList(groupList)];
    return Promise.all(
      gvs.map(async (gv) => {
        const path = gv.group === '' ? `/api/${gv.version}` : `/apis/${gv.group}/${gv.version}`;
        const doc = await this.client.request<unknown>({ method: 'GET', path });
        return { ...gv, resources: parseResourceList(gv.group, gv.version, doc) };
      }),
    );
  }
}

function index(groupVersions: GroupVersionResources[]): Snapshot {
  const preferred = new Map<string, ApiResource>();
  const exact = new Map<string, ApiResource>();
  // Preferred versions first so they win; other versions fill kinds the preferred one lacks.
  const ordered = [...groupVersions.filter((g) => g.preferred), ...groupVersions.filter((g) => !g.preferred)];
  for (const gv of ordered) {
    for (const r of gv.resources) {
      exact.set(`${r.group}/${r.version}/${r.kind}`, r);
      const key = groupKindKey(r.group, r.kind);
      if (!preferred.has(key)) preferred.set(key, r);
    }
  }
  return { groupVersions, preferred, exact };
}
