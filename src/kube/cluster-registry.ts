// The clusters Driftless may deploy to: cluster Secrets read from the watch cache, plus in-cluster.
import type { KubeObject } from '../model/kube-object.js';
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from '../model/application.js';
import {
  inClusterEntry,
  isClusterSecret,
  normalizeClusterServer,
  parseClusterSecret,
  type Cluster,
} from '../model/cluster-secret.js';

export interface ClusterRegistryOptions {
  /** The Secrets of the control namespace, as the watch cache holds them now. */
  secrets: () => readonly KubeObject[];
  /** The API URL of the cluster Driftless runs against (also accepted for in-cluster). */
  inClusterServer?: string;
}

export interface ClusterSecretError {
  secretName: string;
  message: string;
}

export type Resolved = { ok: true; cluster: Cluster } | { ok: false; error: string };

/**
 * Reads cluster Secrets on each call (the cache is the source of truth, so a new, changed or deleted
 * Secret applies at once). Results are memoized per Secret resourceVersion.
 */
export class ClusterRegistry {
  private memo = new Map<string, { rv: string; parsed: ReturnType<typeof parseClusterSecret> }>();

  constructor(private readonly opts: ClusterRegistryOptions) {}

  /**
   * Every valid cluster, sorted by name; in-cluster is listed unless a Secret declares its URL
   * (then that Secret, with its name, labels and credentials-less config, stands for it).
   */
  list(): Cluster[] {
    const out: Cluster[] = [];
    for (const p of this.parsed()) if (p.ok) out.push(p.cluster);
    if (!out.some((c) => c.inCluster)) out.push(inClusterEntry());
    return out.sort((a, b) => a.name.localeCompare(b.name) || a.server.localeCompare(b.server));
  }

  /** Cluster Secrets that could not be read, with why. */
  errors(): ClusterSecretError[] {
    const out: ClusterSecretError[] = [];
    for (const s of this.clusterSecrets()) {
      const p = this.parse(s);
      if (!p.ok) out.push({ secretName: s.metadata.name ?? '', message: p.error });
    }
    return out;
  }

  byServer(server: string): Cluster | undefined {
    const want = this.canonical(server);
    return this.list().find((c) => c.server === want);
  }

  byName(name: string): Cluster[] {
    return this.list().filter((c) => c.name === name);
  }

  /** Whether a URL names the cluster Driftless runs against. */
  isInClusterServer(server: string): boolean {
    return this.canonical(server) === IN_CLUSTER_SERVER;
  }

  /** An Application destination to one cluster, with Argo CD's messages when it names none or several. */
  resolve(dst: { server?: string | undefined; name?: string | undefined }): Resolved {
    const server = dst.server ? normalizeClusterServer(dst.server) : '';
    const name = dst.name ?? '';
    if (server && name) {
      const c = this.byServer(server);
      if (c && c.name === name) return { ok: true, cluster: c };
      return {
        ok: false,
        error: `application destination can't have both name and server defined: ${name} ${server}`,
      };
    }
    if (server) {
      const c = this.byServer(server);
      return c
        ? { ok: true, cluster: c }
        : {
            ok: false,
            error: `there are no clusters with this URL: ${server} (add it with \`driftless cluster add\`)`,
          };
    }
    if (name) {
      const found = this.byName(name);
      if (found.length === 1 && found[0]) return { ok: true, cluster: found[0] };
      if (found.length === 0)
        return {
          ok: false,
          error: `there are no clusters with this name: ${name}${name === IN_CLUSTER_NAME ? '' : ' (see `driftless cluster list`)'}`,
        };
      return {
        ok: false,
        error: `there are ${found.length} clusters with the same name: ${name} (${found.map((c) => c.server).join(', ')})`,
      };
    }
    return { ok: false, error: 'application destination has neither server nor name' };
  }

  private canonical(server: string): string {
    const s = normalizeClusterServer(server);
    const own = this.opts.inClusterServer ? normalizeClusterServer(this.opts.inClusterServer) : undefined;
    // The hub's own URL means in-cluster unless a Secret declares that URL as a cluster of its own.
    if (own && s === own && !this.parsed().some((p) => p.ok && p.cluster.server === own))
      return IN_CLUSTER_SERVER;
    return s;
  }

  private clusterSecrets(): KubeObject[] {
    return this.opts.secrets().filter(isClusterSecret);
  }

  private parsed(): ReturnType<typeof parseClusterSecret>[] {
    const secrets = this.clusterSecrets();
    if (this.memo.size > secrets.length * 2 + 16) this.memo = new Map();
    return secrets.map((s) => this.parse(s));
  }

  private parse(s: KubeObject): ReturnType<typeof parseClusterSecret> {
    const key = s.metadata.uid ?? s.metadata.name ?? '';
    const rv = s.metadata.resourceVersion ?? '';
    const hit = this.memo.get(key);
    if (hit && rv !== '' && hit.rv === rv) return hit.parsed;
    const parsed = parseClusterSecret(s);
    this.memo.set(key, { rv, parsed });
    return parsed;
  }
}
