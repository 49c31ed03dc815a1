// Go-style durations (`5s`, `2m`, `1h30m`), as Argo CD's settings and flags spell them.

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const GO_DURATION =
  /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))*$/;
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g;

/**
 * Parses `5s`, `2m`, `1h30m`, `250ms` (Go's time.ParseDuration grammar, non-negative), and a bare
 * integer as seconds, which Argo CD also accepts for retry durations.
 */
export function parseDuration(text: string): DurationResult {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { ok: true, ms: Number(t) * 1000 };
  if (t === '0') return { ok: true, ms: 0 };
  if (!GO_DURATION.test(t))
    return { ok: false, message: `invalid duration ${JSON.stringify(text)} (use e.g. 5s, 2m, 1h)` };
  let ms = 0;
  for (const m of t.matchAll(PART)) ms += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0);
  return { ok: true, ms };
}
