// Login attempt limits, counted before the password is compared so that parallel attempts cannot
// slip past: per user (Argo CD's lockout), per address, and concurrent comparisons overall.
import { FailureLimiter } from './rate-limiter.js';

export interface LoginGuardOptions {
  now: () => number;
  /** Argo CD: ARGOCD_SESSION_FAILURE_MAX_FAIL_COUNT (5). */
  maxUserFailures?: number;
  /** Argo CD: ARGOCD_SESSION_FAILURE_WINDOW_SECONDS (300). */
  windowMs?: number;
  maxAddressFailures?: number;
  /** Argo CD: ARGOCD_MAX_CONCURRENT_LOGIN_REQUESTS_COUNT (50). */
  maxConcurrent?: number;
}

export interface LoginTicket {
  user: string;
  address: string;
}

export type Admission = { ok: true; ticket: LoginTicket } | { ok: false; retryAfterMs: number; why: string };

export class LoginGuard {
  private readonly user: FailureLimiter;
  private readonly address: FailureLimiter;
  /** Failures of one user from one address: a locked address still lets users it never failed on try. */
  private readonly pair: FailureLimiter;
  private inflight = 0;
  private readonly maxConcurrent: number;

  constructor(opts: LoginGuardOptions) {
    const windowMs = opts.windowMs ?? 300_000;
    this.user = new FailureLimiter({ maxFailures: opts.maxUserFailures ?? 5, windowMs, now: opts.now });
    this.address = new FailureLimiter({
      maxFailures: opts.maxAddressFailures ?? 20,
      windowMs,
      now: opts.now,
    });
    this.pair = new FailureLimiter({ maxFailures: 1, windowMs, now: opts.now });
    this.maxConcurrent = opts.maxConcurrent ?? 50;
  }

  /**
   * Admits an attempt and counts it as a failure in advance (synchronously, so concurrent attempts
   * see each other); `settle` takes the count back when the password was right.
   */
  admit(user: string, address: string): Admission {
    const pairKey = `${address}\u0000${user}`;
    const userWait = this.user.retryAfterMs(user);
    if (userWait > 0)
      return { ok: false, retryAfterMs: userWait, why: 'too many failed logins for this user' };
    const addressWait = this.address.retryAfterMs(address);
    const pairWait = this.pair.retryAfterMs(pairKey);
    if (addressWait > 0 && pairWait > 0)
      return {
        ok: false,
        retryAfterMs: Math.max(addressWait, pairWait),
        why: 'too many failed logins from this address',
      };
    if (this.inflight >= this.maxConcurrent)
      return { ok: false, retryAfterMs: 1000, why: 'too many concurrent logins' };
    this.inflight++;
    this.user.fail(user);
    this.address.fail(address);
    this.pair.fail(pairKey);
    return { ok: true, ticket: { user, address } };
  }

  settle(ticket: LoginTicket, success: boolean): void {
    this.inflight--;
    if (!success) return;
    this.user.succeed(ticket.user);
    this.address.undo(ticket.address);
    this.pair.succeed(`${ticket.address}\u0000${ticket.user}`);
  }
}
