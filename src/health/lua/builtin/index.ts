// The Lua health scripts Driftless ships, by group/kind, and their assessors (argocd-cm entries win over them).
import type { HealthAssessor } from '../../types.js';
import { luaAssessor } from '../lua-assessor.js';
import { CRON_JOB_HEALTH_LUA } from './cron-job.js';
import { CUSTOM_RESOURCE_DEFINITION_HEALTH_LUA } from './custom-resource-definition.js';
import { POD_DISRUPTION_BUDGET_HEALTH_LUA } from './pod-disruption-budget.js';

/** Script text by registry key (`group/kind`). */
export const BUILTIN_LUA_SCRIPTS: Readonly<Record<string, string>> = {
  'batch/CronJob': CRON_JOB_HEALTH_LUA,
  'policy/PodDisruptionBudget': POD_DISRUPTION_BUDGET_HEALTH_LUA,
  'apiextensions.k8s.io/CustomResourceDefinition': CUSTOM_RESOURCE_DEFINITION_HEALTH_LUA,
};

/** Overrides for createHealthRegistry: one Lua assessor per built-in script. */
export function builtinLuaOverrides(): Record<string, Pick<HealthAssessor, 'assess'>> {
  return Object.fromEntries(
    Object.entries(BUILTIN_LUA_SCRIPTS).map(([key, script]) => [
      key,
      luaAssessor(script, { name: `${key}/health.lua` }),
    ]),
  );
}
