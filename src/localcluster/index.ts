// The local real control plane used by tests and the demo.
export { clusterUp, clusterDown, clusterStatus, type ClusterStatus } from './cluster.js';
export { clusterPaths, isValidClusterName, stateRoot, cacheRoot } from './paths.js';
export { ensureBuilt, controlPlaneBinaries } from './build.js';
export { readVersions, componentDir, COMPONENTS, type Component, type ToolVersions } from './versions.js';
