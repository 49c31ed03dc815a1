// The diff layer's public surface: normalize, compare, ignore rules, masking and text diffs. Pure, no I/O.
export {
  compareResource,
  DEFAULT_FIELD_MANAGER,
  type CompareInput,
  type CompareResult,
} from './compare-resource.js';
export { compareValues, leafEqual, type FieldDifference } from './compare-values.js';
export { diffFiles, parseManifests, type DiffFilesResult, type ResourceDiff } from './diff-files.js';
export { ownedFields, parseFieldKey, type OwnedField } from './fields-v1.js';
export { applyIgnoreRules, matchingRules, validateIgnoreDifferences } from './ignore-differences.js';
export { jqPaths, jqValues, JqEvalError } from './jq-eval.js';
export { JqSyntaxError, parseJq } from './jq-parse.js';
export { diffLines, type Edit } from './line-diff.js';
export { isSecret, maskSecretPair, maskSecrets, SecretMasker } from './mask-secrets.js';
export { ANNOTATION_LAST_APPLIED, normalizeObject, type NormalizeOptions } from './normalize.js';
export { formatPath, type Path, type PathSeg } from './path.js';
export { projectLive } from './project-live.js';
export { canonicalQuantity, quantitiesEqual, quantityValueKey } from './quantity.js';
export { structuredDiff } from './structured-diff.js';
export { unifiedDiff, type UnifiedDiffOptions } from './unified-diff.js';
export { toYaml } from './yaml-render.js';
