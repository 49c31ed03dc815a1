// Converts a JSON-like JS value (a Kubernetes object) into a Lua table on the stack, as Argo CD hands `obj` to scripts.
import type { Fengari, LuaState } from './fengari-api.js';

/** Kubernetes objects are shallow; anything deeper is not an object we should walk. */
const MAX_DEPTH = 100;

/** Pushes `value` onto the Lua stack: objects become tables, arrays 1-based tables, null nil. */
export function pushValue(f: Fengari, L: LuaState, value: unknown, depth = 0): void {
  const { lua } = f;
  if (value === null || value === undefined) return lua.lua_pushnil(L);
  switch (typeof value) {
    case 'string':
      return lua.lua_pushstring(L, value);
    case 'boolean':
      return lua.lua_pushboolean(L, value);
    case 'number':
      // Floats, as every Lua 5.1 number is: fengari's integers are 32-bit and would wrap in arithmetic
      // (replicas * 1e9 style), and integral floats print as integers (see fengari-api).
      return lua.lua_pushnumber(L, value);
    case 'object':
      break;
    default:
      return lua.lua_pushnil(L);
  }
  if (depth >= MAX_DEPTH) throw new Error(`object is nested more than ${MAX_DEPTH} levels deep`);
  if (!lua.lua_checkstack(L, 4)) throw new Error('Lua stack exhausted');
  if (Array.isArray(value)) {
    lua.lua_createtable(L, value.length, 0);
    for (let i = 0; i < value.length; i++) {
      pushValue(f, L, value[i], depth + 1);
      lua.lua_rawseti(L, -2, i + 1);
    }
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  lua.lua_createtable(L, 0, entries.length);
  for (const [k, v] of entries) {
    if (v === null || v === undefined) continue;
    pushValue(f, L, v, depth + 1);
    lua.lua_setfield(L, -2, k);
  }
}
