#!/usr/bin/env node
// Writes deploy/install.yaml, the Kustomize base (deploy/kustomize/) and the Helm chart (deploy/helm/driftless/)
// from src/install/ (run `npm run build` first; `npm run build:install` does both).
// With --check, writes nothing and fails when a file differs from what the source generates (CI).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { renderDeployFiles } = await import(join(root, 'dist/src/install/render-install.js'));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const check = process.argv.includes('--check');

const stale = [];
for (const [rel, text] of Object.entries(renderDeployFiles(version))) {
  const file = join(root, 'deploy', rel);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === text) continue;
  if (check) stale.push(`deploy/${rel}`);
  else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`wrote deploy/${rel}`);
  }
}
if (stale.length > 0) {
  console.error(`stale install manifests (run: npm run build:install):\n  ${stale.join('\n  ')}`);
  process.exit(1);
}
