// The typed subset of fengari (a pure-JS Lua 5.3 VM, which ships no types) that the Lua runtime uses.
import { createRequire } from 'node:module';

/** A Lua state; opaque on our side. */
export type LuaState = { readonly __luaState: unique symbol };
export type LuaCFunction = (L: LuaState) => number;

export interface FengariLua {
  LUA_OK: number;
  LUA_REGISTRYINDEX: number;
  LUA_MASKCOUNT: number;
  LUA_TNIL: number;
  LUA_TBOOLEAN: number;
  LUA_TNUMBER: number;
  LUA_TSTRING: number;
  LUA_TTABLE: number;
  lua_atnativeerror(L: LuaState, f: LuaCFunction): LuaCFunction | null;
  lua_checkstack(L: LuaState, n: number): boolean;
  lua_createtable(L: LuaState, narr: number, nrec: number): void;
  lua_error(L: LuaState): never;
  lua_getfield(L: LuaState, idx: number, k: string): number;
  lua_next(L: LuaState, idx: number): number;
  lua_isinteger(L: LuaState, idx: number): boolean;
  lua_gettop(L: LuaState): number;
  lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
  lua_pushboolean(L: LuaState, b: boolean): void;
  lua_pushcfunction(L: LuaState, f: LuaCFunction): void;
  lua_pushinteger(L: LuaState, n: number): void;
  lua_pushnil(L: LuaState): void;
  lua_pushnumber(L: LuaState, n: number): void;
  lua_pushstring(L: LuaState, s: string): void;
  lua_pushvalue(L: LuaState, idx: number): void;
  lua_rawgeti(L: LuaState, idx: number, n: number): number;
  lua_rawseti(L: LuaState, idx: number, n: number): void;
  lua_setfield(L: LuaState, idx: number, k: string): void;
  lua_sethook(L: LuaState, f: ((L: LuaState) => void) | null, mask: number, count: number): void;
  lua_settop(L: LuaState, idx: number): void;
  lua_setupvalue(L: LuaState, funcindex: number, n: number): Uint8Array | null;
  lua_toboolean(L: LuaState, idx: number): boolean;
  lua_tostring(L: LuaState, idx: number): Uint8Array | null;
  lua_tonumber(L: LuaState, idx: number): number;
  lua_touserdata(L: LuaState, idx: number): unknown;
  lua_type(L: LuaState, idx: number): number;
  lua_typename(L: LuaState, t: number): Uint8Array;
}

export interface FengariAuxLib {
  luaL_newstate(): LuaState;
  luaL_loadbufferx(L: LuaState, buff: Uint8Array, size: number | null, name: string, mode: string): number;
  luaL_ref(L: LuaState, t: number): number;
  luaL_unref(L: LuaState, t: number, ref: number): void;
  luaL_requiref(L: LuaState, modname: string, openf: LuaCFunction, glb: number): void;
}

export interface FengariLuaLib {
  luaopen_base: LuaCFunction;
  luaopen_table: LuaCFunction;
  luaopen_string: LuaCFunction;
  luaopen_math: LuaCFunction;
  luaopen_os: LuaCFunction;
}

export interface Fengari {
  lua: FengariLua;
  lauxlib: FengariAuxLib;
  lualib: FengariLuaLib;
  luaconf: { LUA_COMPAT_FLOATSTRING: boolean };
  to_luastring(s: string): Uint8Array;
  to_jsstring(s: Uint8Array): string;
}

let loaded: Fengari | undefined;

/**
 * Loads fengari once. Its build options are read from FENGARICONF when it is first required, so we set
 * LUA_COMPAT_FLOATSTRING there for that moment only: integral floats then print as "3" (Lua 5.1, which Argo
 * CD's scripts are written for) instead of "3.0".
 */
export function fengari(): Fengari {
  if (loaded) return loaded;
  const saved = process.env.FENGARICONF;
  process.env.FENGARICONF = JSON.stringify({ LUA_COMPAT_FLOATSTRING: true });
  try {
    loaded = createRequire(import.meta.url)('fengari') as Fengari;
  } finally {
    if (saved === undefined) delete process.env.FENGARICONF;
    else process.env.FENGARICONF = saved;
  }
  return loaded;
}
