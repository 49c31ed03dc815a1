// One fengari VM reused for every evaluation: scripts compiled once (cached by text), each run sandboxed and time-limited.
import { performance } from 'node:perf_hooks';
import { fengari, type Fengari, type LuaState } from './fengari-api.js';
import { osDate } from './os-date.js';
import { SANDBOX_BOOTSTRAP } from './sandbox.js';
import { pushValue } from './to-lua.js';

/** Argo CD gives a script one second. */
export const DEFAULT_TIMEOUT_MS = 1000;
/** Instructions between two clock reads: cheap enough to be invisible, fine enough to stop in time. */
const HOOK_EVERY = 1000;
/** Compiled scripts kept; config maps hold a handful, so this only bounds a long-lived process's churn. */
const MAX_CACHED_SCRIPTS = 256;

export interface RunOptions {
  /** Chunk name shown in error messages (`health.lua:3: …`). */
  name?: string;
  timeoutMs?: number;
  /** More globals beside `obj` (e.g. an action's `actionParams`). */
  globals?: Record<string, unknown>;
}

/** What a run gave: the script's return value read by `read`, or why it failed, as one line. */
export type RunResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Reads the script's single return value, at stack index -1. */
export type ResultReader<T> = (f: Fengari, L: LuaState) => T;

type Compiled = { ref: number } | { error: string };

export class LuaVm {
  private readonly f = fengari();
  private readonly L: LuaState;
  private readonly newEnvRef: number;
  private readonly timeoutRef: number;
  private readonly scripts = new Map<string, Compiled>();
  private deadline = Infinity;

  constructor() {
    const { lua, lauxlib, lualib } = this.f;
    const L = lauxlib.luaL_newstate();
    this.L = L;
    // A JS exception inside the VM (e.g. an allocation failure) becomes an ordinary Lua error.
    lua.lua_atnativeerror(L, (s) => {
      const e = lua.lua_touserdata(s, -1);
      lua.lua_pushstring(s, e instanceof Error ? e.message : String(e));
      return 1;
    });
    for (const [name, open] of [
      ['_G', lualib.luaopen_base],
      ['table', lualib.luaopen_table],
      ['string', lualib.luaopen_string],
      ['math', lualib.luaopen_math],
    ] as const) {
      lauxlib.luaL_requiref(L, name, open, 1);
      lua.lua_settop(L, 0);
    }
    this.checked(lauxlib.luaL_loadbufferx(L, this.f.to_luastring(SANDBOX_BOOTSTRAP), null, '=sandbox', 't'));
    lua.lua_pushcfunction(L, (s) => {
      lua.lua_pushboolean(s, performance.now() > this.deadline);
      return 1;
    });
    lua.lua_createtable(L, 0, 0);
    lua.lua_pushvalue(L, -1);
    this.timeoutRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    // The full os library is handed to the bootstrap only; it keeps time and date and drops the rest.
    lauxlib.luaL_requiref(L, 'os', lualib.luaopen_os, 0);
    // fengari's own os.date ignores '!' (UTC), which Argo CD's scripts use.
    lua.lua_pushcfunction(L, osDate(this.f));
    this.checked(lua.lua_pcall(L, 4, 1, 0));
    this.newEnvRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
  }

  /** How many compiled scripts the cache holds (each script text is compiled once). */
  get cachedScripts(): number {
    return this.scripts.size;
  }

  /** A syntax error in `script`, or undefined when it compiles. */
  compileError(script: string, name = 'health.lua'): string | undefined {
    const c = this.compile(script, name);
    return 'error' in c ? c.error : undefined;
  }

  run<T>(script: string, obj: unknown, read: ResultReader<T>, opts: RunOptions = {}): RunResult<T> {
    const { lua } = this.f;
    const L = this.L;
    const compiled = this.compile(script, opts.name ?? 'health.lua');
    if ('error' in compiled) return { ok: false, error: compiled.error };
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const top = lua.lua_gettop(L);
    try {
      lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, compiled.ref);
      lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.newEnvRef);
      pushValue(this.f, L, obj);
      this.deadline = performance.now() + timeoutMs;
      lua.lua_sethook(L, () => this.onHook(), lua.LUA_MASKCOUNT, HOOK_EVERY);
      if (lua.lua_pcall(L, 1, 1, 0) !== lua.LUA_OK) return { ok: false, error: this.errorAt(-1, timeoutMs) };
      for (const [name, value] of Object.entries(opts.globals ?? {})) {
        pushValue(this.f, L, value);
        lua.lua_setfield(L, -2, name);
      }
      lua.lua_setupvalue(L, -2, 1); // the fresh globals become this run's _ENV
      if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) return { ok: false, error: this.errorAt(-1, timeoutMs) };
      return { ok: true, value: read(this.f, L) };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    } finally {
      lua.lua_sethook(L, null, 0, 0);
      this.deadline = Infinity;
      lua.lua_settop(L, top);
    }
  }

  private onHook(): void {
    if (performance.now() <= this.deadline) return;
    const { lua } = this.f;
    lua.lua_rawgeti(this.L, lua.LUA_REGISTRYINDEX, this.timeoutRef);
    lua.lua_error(this.L);
  }

  private errorAt(idx: number, timeoutMs: number): string {
    // Whatever the script did with the time-limit error (wrapped it, replaced it), time is what stopped it.
    if (performance.now() > this.deadline) return `health script did not finish within ${timeoutMs} ms`;
    const { lua } = this.f;
    const s = lua.lua_type(this.L, idx) === lua.LUA_TSTRING ? lua.lua_tostring(this.L, idx) : null;
    if (s) return this.f.to_jsstring(s);
    return `health script raised a ${this.f.to_jsstring(lua.lua_typename(this.L, lua.lua_type(this.L, idx)))} value`;
  }

  private compile(script: string, name: string): Compiled {
    const key = `${name}\0${script}`;
    const hit = this.scripts.get(key);
    if (hit) {
      // Refresh its place: the Map's order is the eviction order.
      this.scripts.delete(key);
      this.scripts.set(key, hit);
      return hit;
    }
    const { lua, lauxlib } = this.f;
    const L = this.L;
    let compiled: Compiled;
    if (lauxlib.luaL_loadbufferx(L, this.f.to_luastring(script), null, `=${name}`, 't') === lua.LUA_OK)
      compiled = { ref: lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX) };
    else {
      compiled = { error: this.errorAt(-1, 0) };
      lua.lua_settop(L, -2);
    }
    this.scripts.set(key, compiled);
    if (this.scripts.size > MAX_CACHED_SCRIPTS) this.evictOldest();
    return compiled;
  }

  private evictOldest(): void {
    const [key, c] = this.scripts.entries().next().value ?? [];
    if (key === undefined || c === undefined) return;
    this.scripts.delete(key);
    if ('ref' in c) this.f.lauxlib.luaL_unref(this.L, this.f.lua.LUA_REGISTRYINDEX, c.ref);
  }

  private checked(status: number): void {
    if (status !== this.f.lua.LUA_OK) throw new Error(`Lua sandbox failed to start: ${this.errorAt(-1, 0)}`);
  }
}

let shared: LuaVm | undefined;

/** The process-wide VM: evaluations are synchronous and never nest, so one is enough. */
export function sharedLuaVm(): LuaVm {
  shared ??= new LuaVm();
  return shared;
}
