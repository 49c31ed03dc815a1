// Where the built template engine (tools/gotemplate-wasm → gotemplate.wasm) is cached, keyed by its sources.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from '../common/cache-root.js';
import { AbortError } from '../common/errors.js';
import { packageRoot } from '../common/package-root.js';

/** The cache key scripts/build-tools.sh uses: sha256 of go.mod, go.sum and the *.go files in C order. */
export function engineKey(sourceDir: string): string {
  const goFiles = readdirSync(sourceDir)
    .filter((f) => f.endsWith('.go'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', ...goFiles]) hash.update(readFileSync(join(sourceDir, f)));
  return hash.digest('hex').slice(0, 12);
}

/** The path of gotemplate.wasm for the sources in this checkout; an actionable error when not built. */
export function enginePath(env: Record<string, string | undefined> = process.env): string {
  const override = env.DRIFTLESS_GOTEMPLATE_WASM;
  if (override) return override;
  const sourceDir = join(packageRoot(), 'tools', 'gotemplate-wasm');
  const path = join(cacheRoot(env), 'bin', `gotemplate-${engineKey(sourceDir)}`, 'gotemplate.wasm');
  if (!existsSync(path)) {
    throw new AbortError(`the Go template engine is not built (looked for ${path})`, {
      hint: 'run: bash scripts/build-tools.sh gotemplate',
    });
  }
  return path;
}
