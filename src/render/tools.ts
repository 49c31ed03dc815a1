// Finds helm, kustomize, jsonnet and sops: an env override, then the versioned build cache of
// scripts/build-tools.sh, then PATH (with `kubectl kustomize` standing in for kustomize).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ToolName = 'helm' | 'kustomize' | 'jsonnet' | 'sops';

/** How to run a tool: the executable and arguments that go before the tool's own. */
export interface ToolCommand {
  command: string;
  prefixArgs: string[];
}

export interface ToolLocatorOptions {
  env?: Record<string, string | undefined>;
  /** Where scripts/versions.env is looked for; default: the package root of this module. */
  packageRoot?: string;
}

const overrideVars: Record<ToolName, string> = {
  helm: 'DRIFTLESS_HELM',
  kustomize: 'DRIFTLESS_KUSTOMIZE',
  jsonnet: 'DRIFTLESS_JSONNET',
  sops: 'DRIFTLESS_SOPS',
};
const versionVars: Partial<Record<ToolName, string>> = {
  helm: 'HELM_VERSION',
  kustomize: 'KUSTOMIZE_VERSION',
  sops: 'SOPS_VERSION',
};

function findPackageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'scripts', 'versions.env'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

export function readVersions(packageRoot: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!packageRoot) return out;
  try {
    for (const line of readFileSync(join(packageRoot, 'scripts', 'versions.env'), 'utf8').split('\n')) {
      const m = /^\s*([A-Z0-9_]+)=(\S+)/.exec(line);
      if (m?.[1] && m[2]) out[m[1]] = m[2];
    }
  } catch {
    // No versions file: only overrides and PATH are used.
  }
  return out;
}

function onPath(name: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Resolves tool locations once per name and remembers them. */
export class ToolLocator {
  private readonly cache = new Map<ToolName, ToolCommand>();
  private readonly env: Record<string, string | undefined>;
  private readonly packageRoot: string | undefined;

  constructor(opts: ToolLocatorOptions = {}) {
    this.env = opts.env ?? process.env;
    this.packageRoot = opts.packageRoot ?? findPackageRoot();
  }

  locate(tool: ToolName): ToolCommand {
    const hit = this.cache.get(tool);
    if (hit) return hit;
    const found = this.find(tool);
    this.cache.set(tool, found);
    return found;
  }

  private find(tool: ToolName): ToolCommand {
    const override = this.env[overrideVars[tool]];
    if (override) return { command: override, prefixArgs: [] };
    const versionVar = versionVars[tool];
    const version = versionVar ? readVersions(this.packageRoot)[versionVar] : undefined;
    if (version) {
      const root = this.env['DRIFTLESS_CACHE'] ?? join(homedir(), '.cache', 'driftless');
      const cached = join(root, 'bin', `${tool}-${version}`, tool);
      if (existsSync(cached)) return { command: cached, prefixArgs: [] };
    }
    const path = onPath(tool, this.env['PATH']);
    if (path) return { command: path, prefixArgs: [] };
    if (tool === 'kustomize') {
      const kubectl = onPath('kubectl', this.env['PATH']);
      if (kubectl) return { command: kubectl, prefixArgs: ['kustomize'] };
    }
    // Not found: return the bare name so exec reports "not installed" with an install hint.
    return { command: tool, prefixArgs: [] };
  }
}
