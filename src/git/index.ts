// The git layer's public surface.
export * from './errors.js';
export * from './repo-url.js';
export * from './revision.js';
export * from './credentials.js';
export * from './ls-remote.js';
export type { RevisionMetadata } from './revision-metadata.js';
export { RepoStore, type RemoteCallObserver, type Requester } from './repo-store.js';
export * from './git-write.js';
export { batchEdit } from './edit-batch.js';
export { revertEdit } from './git-revert.js';
