// The model layer's public surface.
export * from './kube-object.js';
export * from './resource-key.js';
export * from './application.js';
export * from './tracking.js';
export * from './repository-secret.js';
export * from './applicationset.js';
export * from './label-selector.js';
export * from './plugin-announcement.js';
export * from './git-rollback.js';
