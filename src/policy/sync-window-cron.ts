// A five-field cron matcher (minute hour day-of-month month day-of-week) for sync window schedules.
// Why our own: windows only ask "does this minute match?", which needs ~100 lines and no dependency;
// the npm parsers are built around "next run" iteration and time-zone libraries we do not need.

export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Day-of-month and day-of-week both restricted: a day matching either one matches (cron's rule). */
  dayOr: boolean;
}

export type CronParse = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  namesFrom?: number;
}

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, namesFrom: 0 },
];

function parseValue(s: string, f: FieldSpec): number | undefined {
  const named = f.names?.indexOf(s.toLowerCase()) ?? -1;
  if (named >= 0) return named + (f.namesFrom ?? 0);
  if (!/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= f.min && n <= f.max ? n : undefined;
}

function parseField(text: string, f: FieldSpec): Set<number> | string {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) return `${f.name}: bad step in "${part}"`;
    let lo: number | undefined;
    let hi: number | undefined;
    if (range === '*' || range === '?') [lo, hi] = [f.min, f.max];
    else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [lo, hi] = [parseValue(a, f), parseValue(b, f)];
    } else {
      lo = parseValue(range, f);
      hi = stepText === undefined ? lo : f.max; // `5/15` means from 5 on, every 15
    }
    if (lo === undefined || hi === undefined || lo > hi)
      return `${f.name}: "${part}" is outside ${f.min}-${f.max}`;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function parseCron(expr: string): CronParse {
  const text = DESCRIPTORS[expr.trim().toLowerCase()] ?? expr.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5)
    return { ok: false, error: `schedule "${expr}" must have 5 fields (minute hour day month weekday)` };
  const sets: Set<number>[] = [];
  for (const [i, f] of FIELDS.entries()) {
    const r = parseField(parts[i] ?? '', f);
    if (typeof r === 'string') return { ok: false, error: `schedule "${expr}": ${r}` };
    sets.push(r);
  }
  const [minutes, hours, days, months, weekdays] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  if (weekdays.has(7)) weekdays.add(0); // 7 is Sunday too
  const star = (s: string | undefined) => s === '*' || s === '?';
  return {
    ok: true,
    schedule: { minutes, hours, days, months, weekdays, dayOr: !star(parts[2]) && !star(parts[4]) },
  };
}

/** Wall-clock fields of a moment in some time zone. */
export interface WallClock {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

export function cronMatches(s: CronSchedule, t: WallClock): boolean {
  if (!s.minutes.has(t.minute) || !s.hours.has(t.hour) || !s.months.has(t.month)) return false;
  const dom = s.days.has(t.day);
  const dow = s.weekdays.has(t.weekday);
  return s.dayOr ? dom || dow : dom && dow;
}
