// Wall-clock time in an IANA time zone, with zone offsets cached per quarter hour so scanning minutes stays cheap.
import type { WallClock } from './sync-window-cron.js';

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;

/** Whether Intl knows the zone name (an unknown zone is a refused window, not a crash). */
export function isKnownTimeZone(tz: string): boolean {
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Offset of `tz` from UTC at `ms`, in ms (wall = utc + offset). */
function offsetAt(tz: string, ms: number): number {
  const key = `${tz}|${Math.floor(ms / QUARTER_HOUR)}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(tz).formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
  );
  const offset = wall - Math.floor(ms / 60_000) * 60_000;
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

export function wallClock(ms: number, tz: string): WallClock {
  const d = new Date(ms + (tz === 'UTC' ? 0 : offsetAt(tz, ms)));
  return {
    minute: d.getUTCMinutes(),
    hour: d.getUTCHours(),
    day: d.getUTCDate(),
    month: d.getUTCMonth() + 1,
    weekday: d.getUTCDay(),
  };
}
