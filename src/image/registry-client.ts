// A client of the OCI distribution API: tag lists (paged), manifests and config blobs, with
// Bearer-token and basic auth, per-registry CA certificates, a request rate limit per registry, and
// caches — tags per repository and manifests by tag for one interval, manifests by digest for good.
import { createHash } from 'node:crypto';
import { request } from 'node:https';
import type { Timers } from '../common/timers.js';
import { ImageError } from './errors.js';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RegistryClientOptions {
  /** PEM CAs for a registry host (argocd-tls-certs-cm). */
  caFor?: (host: string) => string | undefined;
  /** Requests per second to one registry; default 20. */
  rateLimit?: number;
  /** How long a tag list and a tag's manifest are reused; default 2 minutes (the updater's interval); 0: never. */
  tagTtlMs?: number;
  timers: Timers;
  timeoutMs?: number;
}

interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface ManifestInfo {
  digest: string;
  /** `os/arch[/variant]` the image exists for. */
  platforms: string[];
  /** Creation time (ms) from the image config; for an index, the newest of its images. */
  created: number | undefined;
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export class RegistryClient {
  /** Requests sent, by registry host (the bench and metrics read it). */
  readonly requests = new Map<string, number>();
  /** Requests by kind and image repository (`tags|manifests|blobs registry/repository`): the bench reads it. */
  readonly calls = new Map<string, number>();
  /** Requests that failed (no answer, or an error status), by registry host. */
  readonly failures = new Map<string, number>();
  private readonly tags = new Map<string, { at: number; tags: Promise<string[]> }>();
  private readonly manifests = new Map<string, Promise<ManifestInfo>>();
  private readonly tagManifests = new Map<string, { at: number; info: Promise<ManifestInfo> }>();
  private readonly tokens = new Map<string, string>();
  private readonly nextSlot = new Map<string, number>();

  constructor(private readonly opts: RegistryClientOptions) {}

  private get tagTtl(): number {
    return this.opts.tagTtlMs ?? 120_000;
  }

  /** All tags of `registry/repository`, shared by every caller within the tag TTL. */
  listTags(registry: string, repository: string, creds?: RegistryCredentials): Promise<string[]> {
    const key = `${registry}/${repository}|${creds?.username ?? ''}`;
    const now = this.opts.timers.now();
    const hit = this.tags.get(key);
    if (hit && now - hit.at < this.tagTtl) return hit.tags;
    const tags = this.fetchTags(registry, repository, creds);
    this.tags.set(key, { at: now, tags });
    tags.catch(() => this.tags.delete(key));
    return tags;
  }

  private async fetchTags(
    registry: string,
    repository: string,
    creds?: RegistryCredentials,
  ): Promise<string[]> {
    const out: string[] = [];
    let path: string | undefined = `/v2/${repository}/tags/list?n=1000`;
    while (path) {
      const res = await this.get(registry, repository, path, 'application/json', creds);
      const body = JSON.parse(res.body.toString('utf8')) as { tags?: string[] | null };
      out.push(...(body.tags ?? []));
      const link = String(res.headers['link'] ?? '');
      path = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
    }
    return out;
  }

  /** Digest, platforms and creation time of `tag` (or a digest); cached by digest. */
  async manifest(
    registry: string,
    repository: string,
    ref: string,
    creds?: RegistryCredentials,
  ): Promise<ManifestInfo> {
    const key = `${registry}/${repository}@${ref}`;
    if (ref.startsWith('sha256:')) {
      const hit = this.manifests.get(key);
      if (hit) return hit;
      const p = this.fetchManifest(registry, repository, ref, creds);
      this.manifests.set(key, p);
      p.catch(() => this.manifests.delete(key));
      return p;
    }
    // A tag may move: its manifest is shared for one tag TTL, as the tag list is.
    const tagKey = `${key}|${creds?.username ?? ''}`;
    const now = this.opts.timers.now();
    const hit = this.tagManifests.get(tagKey);
    if (hit && now - hit.at < this.tagTtl) return hit.info;
    const info = this.fetchManifest(registry, repository, ref, creds);
    if (this.tagTtl > 0) {
      this.tagManifests.set(tagKey, { at: now, info });
      info.catch(() => this.tagManifests.delete(tagKey));
    }
    return info;
  }

  private async fetchManifest(
    registry: string,
    repository: string,
    ref: string,
    creds?: RegistryCredentials,
  ): Promise<ManifestInfo> {
    const res = await this.get(
      registry,
      repository,
      `/v2/${repository}/manifests/${ref}`,
      MANIFEST_TYPES,
      creds,
    );
    const digest =
      String(res.headers['docker-content-digest'] ?? '') ||
      `sha256:${createHash('sha256').update(res.body).digest('hex')}`;
    const m = JSON.parse(res.body.toString('utf8')) as {
      manifests?: { digest: string; platform?: { os?: string; architecture?: string; variant?: string } }[];
      config?: { digest: string };
    };
    if (m.manifests) {
      const platforms = m.manifests
        .map((x) => x.platform)
        .filter((p): p is { os: string; architecture: string; variant?: string } =>
          Boolean(p?.os && p.architecture),
        )
        .map((p) => [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/'));
      const first = m.manifests[0];
      const inner = first ? await this.manifest(registry, repository, first.digest, creds) : undefined;
      return { digest, platforms, created: inner?.created };
    }
    if (!m.config) return { digest, platforms: [], created: undefined };
    const cfgKey = `${registry}/${repository}@${m.config.digest}#config`;
    let cfg = this.manifests.get(cfgKey);
    if (!cfg) {
      cfg = this.get(registry, repository, `/v2/${repository}/blobs/${m.config.digest}`, '*/*', creds).then(
        (r) => {
          const c = JSON.parse(r.body.toString('utf8')) as {
            created?: string;
            os?: string;
            architecture?: string;
            variant?: string;
          };
          const created = c.created ? Date.parse(c.created) : NaN;
          return {
            digest: m.config?.digest ?? '',
            platforms:
              c.os && c.architecture
                ? [[c.os, c.architecture, ...(c.variant ? [c.variant] : [])].join('/')]
                : [],
            created: Number.isNaN(created) ? undefined : created,
          };
        },
      );
      this.manifests.set(cfgKey, cfg);
    }
    const c = await cfg;
    return { digest, platforms: c.platforms, created: c.created };
  }

  /** Waits for this registry's next request slot (a fixed spacing: the rate limit). */
  private async slot(registry: string): Promise<void> {
    const spacing = 1000 / (this.opts.rateLimit ?? 20);
    const now = this.opts.timers.now();
    const at = Math.max(now, this.nextSlot.get(registry) ?? 0);
    this.nextSlot.set(registry, at + spacing);
    if (at > now) await new Promise<void>((r) => this.opts.timers.setTimeout(r, at - now));
  }

  private async get(
    registry: string,
    repository: string,
    path: string,
    accept: string,
    creds?: RegistryCredentials,
  ): Promise<Response> {
    const kind = /\/(tags|manifests|blobs)\//.exec(path)?.[1] ?? 'other';
    const callKey = `${kind} ${registry}/${repository}`;
    this.calls.set(callKey, (this.calls.get(callKey) ?? 0) + 1);
    const tokenKey = `${registry}/${repository}|${creds?.username ?? ''}`;
    const token = this.tokens.get(tokenKey);
    let res = await this.send(registry, path, accept, token ? `Bearer ${token}` : basic(creds));
    if (res.status === 401) {
      const challenge = String(res.headers['www-authenticate'] ?? '');
      if (/^Bearer /i.test(challenge)) {
        const t = await this.token(registry, challenge, repository, creds);
        this.tokens.set(tokenKey, t);
        res = await this.send(registry, path, accept, `Bearer ${t}`);
      } else if (creds && !token) {
        res = await this.send(registry, path, accept, basic(creds));
      }
    }
    if (res.status >= 400) this.failures.set(registry, (this.failures.get(registry) ?? 0) + 1);
    if (res.status === 401 || res.status === 403)
      throw new ImageError(`registry ${registry} refused ${repository} (HTTP ${res.status})`, {
        reason: 'RegistryAuth',
        hint: 'give the image credentials the registry accepts: the pull-secret annotation (pullsecret:NS/NAME, secret:NS/NAME#FIELD, env:VAR, ext:/script) or its registries.conf entry in argocd-image-updater-config',
      });
    if (res.status === 404)
      throw new ImageError(`registry ${registry} has no ${path.replace(/^\/v2\//, '')}`, {
        reason: 'NotFound',
        hint: 'check the image name in image-list',
      });
    if (res.status >= 300)
      throw new ImageError(`registry ${registry} answered HTTP ${res.status} for ${path}`, {
        reason: 'RegistryError',
      });
    return res;
  }

  private async token(
    registry: string,
    challenge: string,
    repository: string,
    creds?: RegistryCredentials,
  ): Promise<string> {
    const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const realm = params['realm'];
    if (!realm)
      throw new ImageError(`registry ${registry} asked for a token without a realm`, {
        reason: 'RegistryAuth',
      });
    const u = new URL(realm);
    if (params['service']) u.searchParams.set('service', params['service']);
    u.searchParams.set('scope', params['scope'] ?? `repository:${repository}:pull`);
    const res = await this.send(u.host, `${u.pathname}${u.search}`, 'application/json', basic(creds));
    if (res.status !== 200)
      throw new ImageError(`the token service of ${registry} refused (HTTP ${res.status})`, {
        reason: 'RegistryAuth',
        hint: 'check the pull secret of the image',
      });
    const body = JSON.parse(res.body.toString('utf8')) as { token?: string; access_token?: string };
    return body.token ?? body.access_token ?? '';
  }

  private async send(
    host: string,
    path: string,
    accept: string,
    auth: string | undefined,
  ): Promise<Response> {
    await this.slot(host);
    this.requests.set(host, (this.requests.get(host) ?? 0) + 1);
    const ca = this.opts.caFor?.(host.replace(/:\d+$/, ''));
    return new Promise((resolve, reject) => {
      const req = request(
        `https://${host}${path}`,
        {
          headers: { accept, ...(auth ? { authorization: auth } : {}) },
          ...(ca ? { ca } : {}),
          timeout: this.opts.timeoutMs ?? 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (e) => {
        this.failures.set(host, (this.failures.get(host) ?? 0) + 1);
        reject(
          new ImageError(`registry ${host} is unreachable: ${e.message}`, {
            reason: 'RegistryUnreachable',
            hint: 'check the registry host, its CA (argocd-tls-certs-cm) and the network',
            cause: e,
          }),
        );
      });
      req.end();
    });
  }
}

function basic(c: RegistryCredentials | undefined): string | undefined {
  return c ? `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` : undefined;
}
