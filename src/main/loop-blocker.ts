// A test and diagnostic knob: with DRIFTLESS_DIAG_BLOCK_LOOP_MS=<ms> set, each SIGUSR2 keeps the main
// event loop busy that long, as a replica starved by reconcile work is (docs/sharding.md). Off unless set.
import { AbortError } from '../common/errors.js';
import type { Logger } from '../common/log.js';

export const BLOCK_LOOP_ENV = 'DRIFTLESS_DIAG_BLOCK_LOOP_MS';

/** Installs the SIGUSR2 handler when the variable is set; returns its removal. */
export function installLoopBlocker(env: Record<string, string | undefined>, log: Logger): () => void {
  const raw = env[BLOCK_LOOP_ENV];
  if (raw === undefined || raw === '') return () => {};
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1 || ms > 600_000)
    throw new AbortError(`${BLOCK_LOOP_ENV}=${raw} is not a number of milliseconds from 1 to 600000`, {
      hint: `unset ${BLOCK_LOOP_ENV} (it is a test and diagnostic knob), or give it e.g. 30000`,
    });
  log.warn('diagnostic knob set: SIGUSR2 blocks the main event loop', { env: BLOCK_LOOP_ENV, ms });
  const block = () => {
    log.warn('blocking the main event loop (SIGUSR2)', { ms });
    const end = Date.now() + ms;
    while (Date.now() < end) {
      // Busy on purpose: nothing else on this thread runs meanwhile.
    }
    log.warn('main event loop unblocked', { ms });
  };
  process.on('SIGUSR2', block);
  return () => process.off('SIGUSR2', block);
}
