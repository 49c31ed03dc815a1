// The pace of requests to each registry host: a fixed spacing (its requests-per-second limit) and
// holds a 429's Retry-After puts on the host; a hold over a minute fails requests instead of waiting.
import type { Timers } from '../common/timers.js';
import { ImageError } from './errors.js';

/** Image Updater's default request limit per registry (requests per second). */
export const DEFAULT_REGISTRY_LIMIT = 20;
const LONGEST_WAIT_MS = 60_000;

export class RegistryPace {
  private readonly nextSlot = new Map<string, number>();
  private readonly holds = new Map<string, number>();

  constructor(
    private readonly timers: Timers,
    private readonly limitFor: ((host: string) => number | undefined) | undefined,
  ) {}

  /** Waits for the host's next slot and past any hold on it — also one that began while waiting. */
  async wait(host: string): Promise<void> {
    const limit = this.limitFor?.(host);
    const spacing = 1000 / (limit && limit > 0 ? limit : DEFAULT_REGISTRY_LIMIT);
    for (;;) {
      const hold = (this.holds.get(host) ?? 0) - this.timers.now();
      if (hold > LONGEST_WAIT_MS)
        throw new ImageError(
          `registry ${host} asked for no requests until ${new Date(this.timers.now() + hold).toISOString()} (429 Retry-After)`,
          {
            reason: 'RegistryRateLimited',
            hint: `lower the request rate: a \`limit\` (requests per second) on ${host}'s entry in registries.conf of argocd-image-updater-config, or a longer interval`,
          },
        );
      if (hold > 0) await this.sleep(hold);
      const now = this.timers.now();
      const at = Math.max(now, this.nextSlot.get(host) ?? 0);
      this.nextSlot.set(host, at + spacing);
      if (at > now) await this.sleep(at - now);
      if ((this.holds.get(host) ?? 0) <= this.timers.now()) return;
    }
  }

  /**
   * A 429 from the host: every request to it waits `ms`. Returns whether the refused request should
   * be retried (attempts before this one < 3 and the wait at most a minute).
   */
  hold(host: string, ms: number, attempt: number): boolean {
    const until = this.timers.now() + ms;
    this.holds.set(host, Math.max(this.holds.get(host) ?? 0, until));
    return attempt < 3 && ms <= LONGEST_WAIT_MS;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((r) => this.timers.setTimeout(r, ms));
  }
}
