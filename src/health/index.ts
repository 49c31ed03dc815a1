// The health layer's public surface: assessors, registry, assessHealth, aggregateHealth. Pure, no I/O.
export { aggregateHealth, HEALTH_ORDER, isWorse } from './aggregate.js';
export { assessHealth } from './assess.js';
export {
  BUILTIN_ASSESSORS,
  createHealthRegistry,
  defaultHealthRegistry,
  type HealthRegistry,
  type HealthRegistryOptions,
} from './registry.js';
export { defineAssessor, MalformedField } from './read-fields.js';
export { groupKindKey, type GroupKind, type HealthAssessor, type HealthStatus } from './types.js';
export {
  builtinLuaOverrides,
  healthOverridesFromConfigMap,
  healthRegistryFromConfigMap,
  luaAssessor,
  type ConfigMapHealthOverrides,
  type ConfiguredHealth,
  type HealthSource,
  type LuaAssessorOptions,
} from './custom-health.js';
