// The render layer's public surface: the repo service, its request/result types and errors.
export {
  RepoService,
  type RenderRequest,
  type RenderResult,
  type RepoServiceOptions,
  type RepoServiceStats,
} from './repo-service.js';
export { RenderError, type RenderErrorReason, type RenderTool } from './errors.js';
export type { SourceType, Renderer, RenderContext } from './types.js';
export type { SourcedObject } from './parse-manifests.js';
export { ToolLocator, type ToolName } from './tools.js';
export {
  DEFAULT_LIMITS,
  LIMIT_SETTINGS,
  parseByteQuantity,
  type LimitName,
  type RenderLimits,
} from './limits.js';
export { type SandboxMode } from './sandbox.js';
export { detectSourceType } from './detect.js';
export {
  RepoSettings,
  LiveRepoSettings,
  GitError,
  type CredentialProvider,
  type RepoCredentials,
} from '../git/index.js';
