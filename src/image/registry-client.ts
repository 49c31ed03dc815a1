// A client of the OCI distribution API: tag lists (paged), manifests and config blobs, with token and basic
// auth (registry-auth.ts), per-registry CAs, a paced request rate per registry (registry-pace.ts), and caches:
// tags per repository and manifests by tag for one interval, manifests by digest for good.
import { createHash } from 'node:crypto';
import { request } from 'node:https';
import type { Timers } from '../common/timers.js';
import { ImageError } from './errors.js';
import { RegistryPace } from './registry-pace.js';
import {
  basic,
  fetchToken,
  loginKey,
  retryAfterMs,
  type RegistryCredentials,
  type RegistryResponse as Response,
} from './registry-auth.js';

export type { RegistryCredentials } from './registry-auth.js';

export interface RegistryClientOptions {
  /** PEM CAs for a registry host (argocd-tls-certs-cm). */
  caFor?: (host: string) => string | undefined;
  /** Requests per second to a registry host (registries.conf `limit`); undefined: 20, Image Updater's default. */
  limitFor?: (host: string) => number | undefined;
  /** How long a tag list and a tag's manifest are reused; default 2 minutes (the updater's interval); 0: never. */
  tagTtlMs?: number;
  timers: Timers;
  timeoutMs?: number;
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
  private readonly tokens = new Map<string, { token: string; until: number }>();
  private readonly pace: RegistryPace;

  constructor(private readonly opts: RegistryClientOptions) {
    this.pace = new RegistryPace(opts.timers, opts.limitFor);
  }

  private get tagTtl(): number {
    return this.opts.tagTtlMs ?? 120_000;
  }

  /** All tags of `registry/repository`, shared by every caller within the tag TTL. */
  listTags(registry: string, repository: string, creds?: RegistryCredentials): Promise<string[]> {
    const key = `${registry}/${repository}|${loginKey(creds)}`;
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
    const tagKey = `${key}|${loginKey(creds)}`;
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
    // A pull token's scope is the repository; one token serves every request to it until it expires.
    const tokenKey = `${registry}/${repository}|${loginKey(creds)}`;
    const kept = this.tokens.get(tokenKey);
    const token = kept && kept.until > this.opts.timers.now() ? kept.token : undefined;
    let res = await this.send(registry, path, accept, token ? `Bearer ${token}` : basic(creds));
    if (res.status === 401) {
      const challenge = String(res.headers['www-authenticate'] ?? '');
      if (/^Bearer /i.test(challenge)) {
        const t = await fetchToken(
          (...a) => this.send(...a),
          this.opts.timers.now(),
          registry,
          challenge,
          repository,
          creds,
        );
        this.tokens.set(tokenKey, t);
        res = await this.send(registry, path, accept, `Bearer ${t.token}`);
      } else if (creds && token) {
        res = await this.send(registry, path, accept, basic(creds));
      }
    }
    if (res.status === 429)
      throw new ImageError(`registry ${registry} keeps answering 429 Too Many Requests`, {
        reason: 'RegistryRateLimited',
        hint: `lower the request rate: a \`limit\` (requests per second) on ${registry}'s entry in registries.conf of argocd-image-updater-config, or a longer interval`,
      });
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

  /**
   * One request at the host's pace. A 429 holds every request to the host for its Retry-After
   * (seconds or a date; else 1, 2, 4 s) and is retried up to three times when the wait is at most a
   * minute; a longer or fourth refusal is returned to the caller.
   */
  private async send(
    host: string,
    path: string,
    accept: string,
    auth: string | undefined,
  ): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.sendOnce(host, path, accept, auth);
      if (res.status !== 429) return res;
      this.failures.set(host, (this.failures.get(host) ?? 0) + 1);
      const wait = retryAfterMs(res.headers['retry-after'], this.opts.timers.now()) ?? 1000 * 2 ** attempt;
      if (!this.pace.hold(host, wait, attempt)) return res;
    }
  }

  private async sendOnce(
    host: string,
    path: string,
    accept: string,
    auth: string | undefined,
  ): Promise<Response> {
    await this.pace.wait(host);
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
