// os.date for the sandbox: strftime-style formats and `*t`, in local time or UTC (`!`), as Lua's os.date.
import type { Fengari, LuaCFunction } from './fengari-api.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

interface Parts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  min: number;
  sec: number;
  wday: number; // 0 = Sunday
  yday: number; // 1-366
}

function partsOf(d: Date, utc: boolean): Parts {
  const year = utc ? d.getUTCFullYear() : d.getFullYear();
  const month = (utc ? d.getUTCMonth() : d.getMonth()) + 1;
  const day = utc ? d.getUTCDate() : d.getDate();
  return {
    year,
    month,
    day,
    hour: utc ? d.getUTCHours() : d.getHours(),
    min: utc ? d.getUTCMinutes() : d.getMinutes(),
    sec: utc ? d.getUTCSeconds() : d.getSeconds(),
    wday: utc ? d.getUTCDay() : d.getDay(),
    yday: Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1,
  };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function offset(d: Date, utc: boolean): string {
  if (utc) return '+0000';
  const m = -d.getTimezoneOffset();
  return `${m < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(m) / 60))}${pad(Math.abs(m) % 60)}`;
}

/** The C strftime conversions scripts use; an unknown one is kept as written. */
export function strftime(format: string, d: Date, utc: boolean): string {
  const p = partsOf(d, utc);
  const conv: Record<string, () => string> = {
    a: () => (DAYS[p.wday] ?? '').slice(0, 3),
    A: () => DAYS[p.wday] ?? '',
    b: () => (MONTHS[p.month - 1] ?? '').slice(0, 3),
    B: () => MONTHS[p.month - 1] ?? '',
    c: () => `${conv.a?.()} ${conv.b?.()} ${String(p.day).padStart(2)} ${conv.X?.()} ${p.year}`,
    d: () => pad(p.day),
    F: () => `${p.year}-${pad(p.month)}-${pad(p.day)}`,
    H: () => pad(p.hour),
    I: () => pad(p.hour % 12 || 12),
    j: () => pad(p.yday, 3),
    m: () => pad(p.month),
    M: () => pad(p.min),
    p: () => (p.hour < 12 ? 'AM' : 'PM'),
    S: () => pad(p.sec),
    T: () => `${pad(p.hour)}:${pad(p.min)}:${pad(p.sec)}`,
    w: () => String(p.wday),
    x: () => `${pad(p.month)}/${pad(p.day)}/${pad(p.year % 100)}`,
    X: () => `${pad(p.hour)}:${pad(p.min)}:${pad(p.sec)}`,
    y: () => pad(p.year % 100),
    Y: () => String(p.year),
    z: () => offset(d, utc),
    Z: () => (utc ? 'UTC' : (Intl.DateTimeFormat().resolvedOptions().timeZone ?? '')),
    '%': () => '%',
  };
  return format.replace(/%(.)/g, (all, c: string) => conv[c]?.() ?? all);
}

/** `os.date([format [, time]])`. */
export function osDate(f: Fengari): LuaCFunction {
  const { lua } = f;
  return (L) => {
    const fmtBytes = lua.lua_type(L, 1) === lua.LUA_TSTRING ? lua.lua_tostring(L, 1) : null;
    let format = fmtBytes ? f.to_jsstring(fmtBytes) : '%c';
    const seconds = lua.lua_type(L, 2) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, 2) : Date.now() / 1000;
    const utc = format.startsWith('!');
    if (utc) format = format.slice(1);
    const d = new Date(Math.floor(seconds) * 1000);
    if (format.startsWith('*t')) {
      const p = partsOf(d, utc);
      lua.lua_createtable(L, 0, 9);
      for (const [k, v] of Object.entries(p)) {
        lua.lua_pushinteger(L, k === 'wday' ? v + 1 : v);
        lua.lua_setfield(L, -2, k);
      }
      lua.lua_pushboolean(L, false);
      lua.lua_setfield(L, -2, 'isdst');
      return 1;
    }
    lua.lua_pushstring(L, strftime(format, d, utc));
    return 1;
  };
}
