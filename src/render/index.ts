// The render layer's public surface: the repo service, its errors, tools, limits and repository settings.
export { RepoService } from './repo-service.js';
export { RenderError } from './errors.js';
export { ToolLocator } from './tools.js';
export { DEFAULT_LIMITS, parseByteQuantity, type RenderLimits } from './limits.js';
export { type SandboxMode } from './sandbox.js';
export { LiveRepoSettings } from '../git/index.js';
export { type RepoPort } from './repo-port.js';
export { RequestSettings } from './repo-api/request-settings.js';
export { startRepoApiServer } from './repo-api/repo-api-server.js';
export { remoteRepo, type RepoServerTransport } from './repo-api/repo-api-client.js';
export { DEFAULT_REPO_SERVER_PORT } from './repo-api/wire.js';
