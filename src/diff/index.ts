// The diff layer's public surface: normalize, compare, ignore rules, masking and text diffs. Pure, no I/O.
export { compareResource } from './compare-resource.js';
export { diffFiles, parseManifests } from './diff-files.js';
export { validateIgnoreDifferences } from './ignore-differences.js';
export { maskSecrets, SecretMasker } from './mask-secrets.js';
export { projectLive } from './project-live.js';
export { unifiedDiff } from './unified-diff.js';
