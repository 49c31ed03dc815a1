// The health layer's public surface: assessors, registry, assessHealth, aggregateHealth. Pure, no I/O.
export { aggregateHealth } from './aggregate.js';
export { assessHealth } from './assess.js';
export type { HealthRegistry } from './registry.js';
export {
  healthRegistryFromConfigMap,
  luaAssessor,
  type ConfiguredHealth,
  type HealthSource,
} from './custom-health.js';
export { sharedLuaVm } from './lua/lua-vm.js';
export { readJson } from './lua/from-lua.js';
