// The policy layer's public surface: AppProject rules as pure functions.
export * from './policy-result.js';
export * from './glob-match.js';
export * from './check-source.js';
export * from './check-destination.js';
export * from './check-resource.js';
export * from './default-project.js';
export * from './guardrails.js';
export * from './git-write-policy.js';
