// The local real control plane used by tests and the demo.
export { clusterUp, clusterDown, clusterStatus, type ClusterStatus } from './cluster.js';
export { clusterPaths, isValidClusterName } from './paths.js';
export { ensureBuilt } from './build.js';
export { COMPONENTS } from './versions.js';
export { stopComponent } from './stop-component.js';
