// The model layer's public surface. No zod schemas here: the CLI's start path loads this file
// (src/cli/start-path.test.ts); they are imported from their own modules.
export * from './kube-object.js';
export * from './resource-key.js';
export * from './application.js';
export * from './tracking.js';
export * from './repository-secret.js';
export * from './applicationset.js';
export * from './label-selector.js';
export * from './git-rollback.js';
