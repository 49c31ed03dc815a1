// luaAssessor: a health assessor that runs an Argo CD-style Lua script; any failure is Unknown with the reason.
import type { KubeObject } from '../../model/index.js';
import type { HealthAssessor, HealthStatus } from '../types.js';
import { sharedLuaVm, type LuaVm } from './lua-vm.js';
import { readHealth } from './read-health.js';

export interface LuaAssessorOptions {
  /** Shown in error messages as the script's file name; e.g. the argocd-cm key it came from. */
  name?: string;
  /** Default 1000, as Argo CD. */
  timeoutMs?: number;
  /** Default: the process-wide VM. */
  vm?: LuaVm;
}

/** Never throws: a script that fails to compile or run, runs too long or returns garbage gives Unknown. */
export function luaAssessor(script: string, opts: LuaAssessorOptions = {}): Pick<HealthAssessor, 'assess'> {
  const runOpts = {
    name: opts.name ?? 'health.lua',
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  };
  return {
    assess(obj: KubeObject): HealthStatus {
      const vm = opts.vm ?? sharedLuaVm();
      const r = vm.run(script, obj, readHealth, runOpts);
      return r.ok ? r.value : { status: 'Unknown', message: r.error };
    },
  };
}
