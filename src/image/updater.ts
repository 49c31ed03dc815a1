// The image updater: on each interval, for every Application with an image-list, finds the tag each
// image should move to (one tag list per image repository per interval, shared by all apps; digest,
// creation-time and platform lookups only when needed) and writes the change back — one Git commit
// per app through the Git write module (or one per batch of apps sharing a repository and branch, when
// the ports batch), or an override on the Application (`argocd`).
import type { Logger } from '../common/log.js';
import type { Timers } from '../common/timers.js';
import type { Application } from '../model/index.js';
import { readImageConfig, type AppImageConfig, type ImageSpec } from './annotations.js';
import { ImageError } from './errors.js';
import { parseImageRef, sameImageName, type ImageRef } from './image-ref.js';
import type { RegistryClient, RegistryCredentials } from './registry-client.js';
import { allowedTags, alphabeticalPick, newestBuildPick, semverPick } from './strategies.js';
import { groupWrites } from './write-batch.js';

export interface ImageUpdate {
  spec: ImageSpec;
  /** The reference the app runs now. */
  from: ImageRef;
  /** The reference to write (the watched name with the new tag and/or digest). */
  to: ImageRef;
}

/** The updates one app gets in a pass. */
export interface AppUpdates {
  app: Application;
  config: AppImageConfig;
  updates: readonly ImageUpdate[];
}

/** What became of one app's updates in a batch write. */
export type WriteOutcome = { written: boolean } | { error: unknown };

export interface UpdaterPorts {
  apps(): readonly Application[];
  /** Registry credentials from the image's pull-secret, if it names one. */
  pullCredentials(app: Application, spec: ImageSpec): Promise<RegistryCredentials | undefined>;
  /**
   * Writes the updates of one app (Git commit or Application override); false when there was nothing
   * to write (Git already holds them while the app has not rolled out yet).
   */
  write(app: Application, config: AppImageConfig, updates: readonly ImageUpdate[]): Promise<boolean>;
  /**
   * The key under which a pass's updates share one write (undefined: a write of its own); asked each
   * pass, so turning batching on or off applies at the next one. Absent: every app writes alone.
   */
  batchKey?(u: AppUpdates): string | undefined;
  /** Writes a group of updates with one key as one commit; one outcome per member, in order. */
  writeBatch?(batch: readonly AppUpdates[]): Promise<readonly WriteOutcome[]>;
  event(app: Application, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

export interface UpdaterOptions {
  ports: UpdaterPorts;
  registry: Pick<RegistryClient, 'listTags' | 'manifest'>;
  timers: Timers;
  /** Read before each wait, so a settings change applies at the next cycle. */
  intervalMs: () => number;
  log: Logger;
  /** The platform images must exist for when an image names none; default linux/amd64. */
  defaultPlatform?: string;
}

/** What the updater has done, per application (for its metrics). */
export interface UpdaterStats {
  /** Images watched by each app with an image-list (apps without one are dropped). */
  watched: Map<string, number>;
  /** Images written per app since start. */
  updated: Map<string, number>;
  /** Failed passes per app since start. */
  errors: Map<string, number>;
}

export interface CycleResult {
  apps: number;
  updated: number;
  errors: number;
}

const add = (m: Map<string, number>, app: string, n: number) => m.set(app, (m.get(app) ?? 0) + n);

/** The image the app runs now for this spec (from status.summary.images). */
function currentImage(app: Application, spec: ImageSpec): ImageRef | undefined {
  const names = [spec.image.name, spec.kustomizeName, spec.helm.imageName].filter((n): n is string =>
    Boolean(n),
  );
  for (const raw of app.status?.summary?.images ?? []) {
    try {
      const r = parseImageRef(raw);
      if (names.some((n) => sameImageName(n, r.name))) return r;
    } catch {
      // An image the updater cannot read is not one it manages.
    }
  }
  return undefined;
}

export class ImageUpdater {
  private timer: unknown;
  private running: Promise<CycleResult> | undefined;
  private stopped = false;
  /** The last warning per app, so a bad annotation is one event, not one per interval. */
  private readonly warned = new Map<string, string>();
  readonly stats: UpdaterStats = { watched: new Map(), updated: new Map(), errors: new Map() };

  constructor(private readonly opts: UpdaterOptions) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runOnce().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.timer = this.opts.timers.setTimeout(tick, this.opts.intervalMs());
      });
    };
    this.timer = this.opts.timers.setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.opts.timers.clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass over every annotated app: decide every app's updates, then write them (alone or batched). */
  async runOnce(): Promise<CycleResult> {
    const result: CycleResult = { apps: 0, updated: 0, errors: 0 };
    const seen = new Set<string>();
    const pending: AppUpdates[] = [];
    await Promise.all(
      this.opts.ports.apps().map(async (app) => {
        try {
          const config = readImageConfig(app.metadata.name, app.metadata.annotations ?? {});
          if (!config) return;
          result.apps++;
          seen.add(app.metadata.name);
          this.stats.watched.set(app.metadata.name, config.images.length);
          const updates = (await Promise.all(config.images.map((spec) => this.decide(app, spec)))).filter(
            (u): u is ImageUpdate => u !== undefined,
          );
          if (updates.length > 0) pending.push({ app, config, updates });
        } catch (e) {
          this.failed(app, e, result);
        }
      }),
    );
    const { batchKey, writeBatch } = this.opts.ports;
    const groups = groupWrites(pending, (u) => (writeBatch ? batchKey?.(u) : undefined));
    await Promise.all(
      groups.map(async (group) => {
        const outcomes = await this.writeGroup(group, writeBatch);
        group.forEach((u, i) => {
          const o = outcomes[i] ?? { error: new Error('the batch write gave no outcome') };
          if ('error' in o) this.failed(u.app, o.error, result);
          else if (o.written) this.written(u, result);
        });
      }),
    );
    for (const name of this.stats.watched.keys()) if (!seen.has(name)) this.stats.watched.delete(name);
    return result;
  }

  /** One write for a group: a group of one through `write`, a larger one through `writeBatch`. */
  private async writeGroup(
    group: readonly AppUpdates[],
    writeBatch: UpdaterPorts['writeBatch'],
  ): Promise<readonly WriteOutcome[]> {
    const [only] = group;
    try {
      if (group.length > 1 && writeBatch) return await writeBatch(group);
      if (!only) return [];
      return [{ written: await this.opts.ports.write(only.app, only.config, only.updates) }];
    } catch (error) {
      return group.map(() => ({ error }));
    }
  }

  private written({ app, updates }: AppUpdates, result: CycleResult): void {
    result.updated++;
    add(this.stats.updated, app.metadata.name, updates.length);
    const list = updates.map(
      (u) => `${u.spec.image.name} ${u.from.tag ?? u.from.digest ?? ''} → ${u.to.tag ?? u.to.digest ?? ''}`,
    );
    this.opts.ports.event(app, 'Normal', 'ImagesUpdated', `updated ${list.join(', ')}`);
    this.warned.delete(app.metadata.name);
  }

  private failed(app: Application, e: unknown, result: CycleResult): void {
    result.errors++;
    add(this.stats.errors, app.metadata.name, 1);
    // The event says what to do too: the hint of a typed error follows its message.
    const hint = e instanceof ImageError && e.hint ? ` (${e.hint})` : '';
    const message = `${e instanceof Error ? e.message : String(e)}${hint}`;
    this.opts.log.warn('image update failed', { app: app.metadata.name, error: message });
    if (this.warned.get(app.metadata.name) !== message) {
      this.warned.set(app.metadata.name, message);
      const reason = e instanceof ImageError ? e.reason : 'ImageUpdateFailed';
      this.opts.ports.event(app, 'Warning', reason, message);
    }
  }

  /** The update for one image of one app, or undefined when it is current (or may not move). */
  private async decide(app: Application, spec: ImageSpec): Promise<ImageUpdate | undefined> {
    const { registry } = this.opts;
    const creds = await this.opts.ports.pullCredentials(app, spec);
    const { registry: host, repository } = spec.image;
    const from = currentImage(app, spec);
    // As Image Updater: an image the app does not run (yet) is not updated, so a status not yet
    // computed never reads as "no version" and rewrites the current one.
    if (!from) return undefined;
    const tags = allowedTags(spec, await registry.listTags(host, repository, creds));
    let tag: string | undefined;
    let digest: string | undefined;
    switch (spec.strategy) {
      case 'semver':
        tag = semverPick(tags, spec.constraint);
        break;
      case 'alphabetical':
        tag = alphabeticalPick(tags);
        break;
      case 'newest-build': {
        const created = new Map<string, number>();
        for (const t of tags) {
          const at = (await registry.manifest(host, repository, t, creds)).created;
          if (at !== undefined) created.set(t, at);
        }
        tag = newestBuildPick(tags, created);
        break;
      }
      case 'digest':
        tag = spec.constraint ?? 'latest';
        if (!tags.includes(tag)) return undefined;
        digest = (await registry.manifest(host, repository, tag, creds)).digest;
        break;
    }
    if (!tag) return undefined;
    if (spec.strategy === 'digest' ? from.digest === digest : from.tag === tag) return undefined;
    const info = await registry.manifest(host, repository, digest ?? tag, creds);
    const wanted = spec.platforms.length > 0 ? spec.platforms : [this.opts.defaultPlatform ?? 'linux/amd64'];
    const missing =
      info.platforms.length > 0
        ? wanted.filter((p) => !info.platforms.some((have) => samePlatform(have, p)))
        : [];
    if (missing.length > 0)
      throw new ImageError(
        `${spec.image.name}:${tag} does not exist for ${missing.join(', ')} (it has ${info.platforms.join(', ')}); nothing written`,
        {
          reason: 'PlatformMissing',
          hint: 'push the image for that platform, or set the platforms annotation',
        },
      );
    const { digest: _watched, ...name } = spec.image;
    return { spec, from, to: { ...name, tag, ...(digest ? { digest } : {}) } };
  }
}

/** `linux/arm64` matches `linux/arm64/v8`; a wanted variant must match exactly. */
function samePlatform(have: string, want: string): boolean {
  const h = have.split('/');
  const w = want.split('/');
  return h[0] === w[0] && h[1] === w[1] && (w[2] === undefined || h[2] === w[2]);
}
