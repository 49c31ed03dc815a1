// Where scripts/build-tools.sh put the Go-built tools e2e tests run themselves, as a user would
// (age-keygen to make keys, kubeseal and the Sealed Secrets controller); undefined when not built.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from '../../../src/localcluster/paths.js';
import { packageRoot, parseEnvFile } from '../../../src/localcluster/versions.js';

const VERSION_VARS = { sops: 'SOPS_VERSION', 'sealed-secrets': 'SEALED_SECRETS_VERSION' } as const;

export function builtTool(component: keyof typeof VERSION_VARS, binary: string): string | undefined {
  const versions = parseEnvFile(readFileSync(join(packageRoot(), 'scripts', 'versions.env'), 'utf8'));
  const version = versions[VERSION_VARS[component]];
  if (!version) return undefined;
  const path = join(cacheRoot(process.env), 'bin', `${component}-${version}`, binary);
  return existsSync(path) ? path : undefined;
}
