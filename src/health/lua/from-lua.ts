// Reads a Lua value back into JSON (the object an action script returns): tables with keys 1..n are arrays.
import type { Fengari, LuaState } from './fengari-api.js';

const MAX_DEPTH = 100;

/** The value at stack index -1 as JSON; functions and other non-data values are refused. */
export function readJson(f: Fengari, L: LuaState, depth = 0): unknown {
  const { lua } = f;
  const type = lua.lua_type(L, -1);
  if (type === lua.LUA_TNIL) return null;
  if (type === lua.LUA_TBOOLEAN) return lua.lua_toboolean(L, -1);
  if (type === lua.LUA_TNUMBER) return lua.lua_tonumber(L, -1);
  if (type === lua.LUA_TSTRING) return f.to_jsstring(lua.lua_tostring(L, -1) ?? new Uint8Array());
  if (type !== lua.LUA_TTABLE)
    throw new Error(
      `a script returned a ${f.to_jsstring(lua.lua_typename(L, type))} where data was expected`,
    );
  if (depth >= MAX_DEPTH)
    throw new Error(`a script returned a table nested more than ${MAX_DEPTH} levels deep`);
  if (!lua.lua_checkstack(L, 4)) throw new Error('Lua stack exhausted');
  const entries: [string | number, unknown][] = [];
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2) !== 0) {
    const value = readJson(f, L, depth + 1);
    lua.lua_settop(L, -2);
    const keyType = lua.lua_type(L, -1);
    const key =
      keyType === lua.LUA_TNUMBER
        ? lua.lua_tonumber(L, -1)
        : f.to_jsstring(lua.lua_tostring(L, -1) ?? new Uint8Array());
    entries.push([key, value]);
  }
  const isArray =
    entries.length > 0 &&
    entries.every(([k]) => typeof k === 'number') &&
    entries
      .map(([k]) => k as number)
      .sort((a, b) => a - b)
      .every((k, i) => k === i + 1);
  if (isArray) return entries.sort((a, b) => (a[0] as number) - (b[0] as number)).map(([, v]) => v);
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(out, String(k), { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}
