#!/usr/bin/env node
// Writes deploy/crds/*.yaml from the schemas in src/model/crd-schema/ (run `npm run build` first).
// crds.test.ts fails whenever the files and the schemas disagree, so run this after changing a schema.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { buildCrds, CRD_FILE_NAMES, renderCrdYaml } = await import(join(root, 'dist/src/model/crds.js'));

mkdirSync(join(root, 'deploy/crds'), { recursive: true });
for (const [name, crd] of Object.entries(buildCrds())) {
  const file = join(root, 'deploy/crds', CRD_FILE_NAMES[name]);
  writeFileSync(file, renderCrdYaml(crd));
  console.log(`wrote ${file}`);
}
