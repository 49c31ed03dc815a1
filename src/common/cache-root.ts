// Where Driftless keeps caches outside the checkout (git checkouts, rendered charts, built binaries).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Root of the cache: $DRIFTLESS_CACHE, else ~/.cache/driftless (same default as scripts/build-tools.sh). */
export function cacheRoot(env: Record<string, string | undefined> = process.env): string {
  return env.DRIFTLESS_CACHE || join(homedir(), '.cache', 'driftless');
}
