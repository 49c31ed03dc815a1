// Reads a health script's return value, `{status = "...", message = "..."}`, into a HealthStatus, strictly.
import type { HealthStatus } from '../types.js';
import type { Fengari, LuaState } from './fengari-api.js';

const CODES: ReadonlySet<string> = new Set([
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
]);

/** A return value that is not a health table: the script is wrong, so its object's health is Unknown. */
export class BadHealthResult extends Error {}

export function readHealth(f: Fengari, L: LuaState): HealthStatus {
  const { lua } = f;
  const type = lua.lua_type(L, -1);
  if (type !== lua.LUA_TTABLE)
    throw new BadHealthResult(`expected a table from the health script, not ${typeName(f, L, type)}`);
  const status = field(f, L, 'status');
  const message = field(f, L, 'message');
  if (typeof status !== 'string' || !CODES.has(status))
    throw new BadHealthResult(
      `the health script returned an invalid health status ${describe(status)} (want one of ${[...CODES].join(', ')})`,
    );
  if (message !== undefined && typeof message !== 'string')
    throw new BadHealthResult(`the health script returned a message that is a ${message.kind}, not a string`);
  const code = status as HealthStatus['status'];
  return message ? { status: code, message } : { status: code };
}

/** A string field, a number as text (Lua turns numbers into text wherever text is wanted), or its type. */
function field(f: Fengari, L: LuaState, key: string): string | undefined | { kind: string } {
  const { lua } = f;
  const type = lua.lua_getfield(L, -1, key);
  try {
    if (type === lua.LUA_TNIL) return undefined;
    if (type === lua.LUA_TSTRING || type === lua.LUA_TNUMBER) {
      const s = lua.lua_tostring(L, -1);
      return s ? f.to_jsstring(s) : '';
    }
    return { kind: typeName(f, L, type) };
  } finally {
    lua.lua_settop(L, -2);
  }
}

function typeName(f: Fengari, L: LuaState, type: number): string {
  return f.to_jsstring(f.lua.lua_typename(L, type));
}

function describe(v: string | undefined | { kind: string }): string {
  if (v === undefined) return '(none)';
  return typeof v === 'string' ? JSON.stringify(v) : `(a ${v.kind})`;
}
