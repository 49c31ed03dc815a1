// Whether the kube-apiserver answers, asked at most once per interval, for /readyz and for turning
// failed calls into 503s that say the upstream is down.
import { errorMessage } from '../common/errors.js';

export interface UpstreamStatus {
  ok: boolean;
  /** Why not, for the reply. */
  reason?: string;
}

export class UpstreamProbe {
  private last: { at: number; status: UpstreamStatus } | undefined;
  private inflight: Promise<UpstreamStatus> | undefined;

  constructor(
    private readonly check: (signal: AbortSignal) => Promise<unknown>,
    private readonly now: () => number,
    private readonly opts: { ttlMs: number; timeoutMs: number } = { ttlMs: 2_000, timeoutMs: 3_000 },
  ) {}

  status(): Promise<UpstreamStatus> {
    if (this.last && this.now() - this.last.at < this.opts.ttlMs) return Promise.resolve(this.last.status);
    this.inflight ??= this.probe().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async probe(): Promise<UpstreamStatus> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.opts.timeoutMs);
    let status: UpstreamStatus;
    try {
      await this.check(abort.signal);
      status = { ok: true };
    } catch (e) {
      status = {
        ok: false,
        reason: abort.signal.aborted
          ? `the Kubernetes API did not answer within ${this.opts.timeoutMs} ms`
          : `the Kubernetes API is unreachable: ${errorMessage(e)}`,
      };
    } finally {
      clearTimeout(timer);
    }
    this.last = { at: this.now(), status };
    return status;
  }
}
