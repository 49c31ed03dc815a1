// The pinned tool versions (scripts/versions.env, the one place they are set) and where their binaries are.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../common/package-root.js';
import { cacheRoot } from './paths.js';

// Re-exported so callers in localcluster keep importing it from here.
export { packageRoot };

export interface ToolVersions {
  kubernetes: string;
  etcd: string;
  kwok: string;
  helm: string;
  kustomize: string;
}

export type Component = keyof ToolVersions;
export const COMPONENTS: readonly Component[] = ['etcd', 'kubernetes', 'kwok', 'helm', 'kustomize'];

/** Parses KEY=VALUE lines (comments and blanks ignored). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

export function readVersions(root = packageRoot()): ToolVersions {
  const env = parseEnvFile(readFileSync(join(root, 'scripts', 'versions.env'), 'utf8'));
  const need = (k: string): string => {
    const v = env[k];
    if (!v) throw new Error(`scripts/versions.env has no ${k}`);
    return v;
  };
  return {
    kubernetes: need('KUBERNETES_VERSION'),
    etcd: need('ETCD_VERSION'),
    kwok: need('KWOK_VERSION'),
    helm: need('HELM_VERSION'),
    kustomize: need('KUSTOMIZE_VERSION'),
  };
}

/** Directory holding a component's binaries for its pinned version. */
export function componentDir(component: Component, versions: ToolVersions, env = process.env): string {
  return join(cacheRoot(env), 'bin', `${component}-${versions[component]}`);
}

export function isComponentBuilt(component: Component, versions: ToolVersions, env = process.env): boolean {
  return existsSync(join(componentDir(component, versions, env), '.complete'));
}
