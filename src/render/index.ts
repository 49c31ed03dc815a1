// The render layer's public surface: the repo service, its errors, tools, limits and repository settings.
export { RepoService } from './repo-service.js';
export { RenderError } from './errors.js';
export { ToolLocator } from './tools.js';
export { DEFAULT_LIMITS, parseByteQuantity, type RenderLimits } from './limits.js';
export { type SandboxMode } from './sandbox.js';
export { LiveRepoSettings } from '../git/index.js';
