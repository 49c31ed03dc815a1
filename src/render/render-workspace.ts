// What every render of the repo service runs with: a fresh scratch folder (removed after), a tool context
// for it (tools, limits, sandbox), the repository credentials and CA certificates, and the count of tool runs.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { noCredentials, type CredentialProvider, type RepoCredentials } from '../git/index.js';
import type { RenderLimits } from './limits.js';
import type { RenderSandbox } from './sandbox.js';
import type { ToolLocator } from './tools.js';
import type { ToolContext } from './types.js';

export class RenderWorkspace {
  toolSpawns = 0;
  readonly onSpawn = (): void => {
    this.toolSpawns++;
  };
  readonly credentials: CredentialProvider;

  constructor(
    readonly cacheDir: string,
    readonly tools: ToolLocator,
    readonly limits: RenderLimits,
    readonly sandbox: RenderSandbox,
    credentials: CredentialProvider | undefined,
  ) {
    this.credentials = credentials ?? noCredentials;
  }

  /** Runs `fn` with a fresh scratch folder of its own, removed after. */
  async inWorkDir<T>(fn: (workDir: string) => Promise<T>): Promise<T> {
    const workRoot = join(this.cacheDir, 'work');
    await mkdir(workRoot, { recursive: true });
    const workDir = await mkdtemp(join(workRoot, 'r-'));
    try {
      return await fn(workDir);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /** What runs one tool in a render's scratch folder (before the checkout or chart is known). */
  toolContext(workDir: string): ToolContext {
    return {
      repoRoot: workDir,
      appDir: workDir,
      env: {},
      tools: this.tools,
      timeoutMs: this.limits.renderTimeoutMs,
      limits: this.limits,
      budget: { bytes: 0 },
      sandbox: this.sandbox,
      workDir,
      onSpawn: this.onSpawn,
    };
  }

  credentialsFor(url: string, project: string | undefined): RepoCredentials | undefined {
    return this.credentials.accessFor(url, project).credentials;
  }
}
