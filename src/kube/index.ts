// The kube layer's public surface: connections, the client, discovery, watches and the live cache.
export * from './connection.js';
export * from './kubeconfig.js';
export * from './cluster-secret.js';
export * from './api-error.js';
export * from './api-resource.js';
export * from './client.js';
export * from './discovery.js';
export * from './list-watch.js';
export * from './live-store.js';
export * from './live-cache.js';
export * from './trim.js';
export * from './crds.js';
export { compareResourceVersions, isStale } from './resource-version.js';
