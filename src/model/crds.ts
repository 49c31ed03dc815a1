// The argoproj.io CRDs as shipped in deploy/crds/ (read at runtime), and how those files are rendered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { packageRoot } from '../common/package-root.js';
import { CRD_FILE_NAMES, type CrdName } from './crd-schema/crd-objects.js';
import { isPlainObject, type KubeObject } from './kube-object.js';

export { buildCrds, CRD_FILE_NAMES, type CrdName } from './crd-schema/crd-objects.js';
export { structuralErrors } from './crd-schema/structural.js';

export const CRD_DIR = join('deploy', 'crds');
const HEADER =
  '# Generated from src/model/crd-schema/ by `node scripts/gen-crds.mjs` (after a build); do not edit by hand.\n';

/** The YAML text of one CRD file, exactly as deploy/crds/ holds it. */
export function renderCrdYaml(crd: KubeObject): string {
  return HEADER + stringify(crd, { lineWidth: 0, aliasDuplicateObjects: false, singleQuote: true });
}

/** Path of a CRD file under the package root. */
export function crdFilePath(name: CrdName, root: string = packageRoot()): string {
  return join(root, CRD_DIR, CRD_FILE_NAMES[name]);
}

/** Reads Application, AppProject and ApplicationSet CRDs (in that order) from deploy/crds/. */
export function loadCrds(root: string = packageRoot()): KubeObject[] {
  return (Object.keys(CRD_FILE_NAMES) as CrdName[]).map((name) => {
    const file = crdFilePath(name, root);
    const doc: unknown = parse(readFileSync(file, 'utf8'));
    if (
      !isPlainObject(doc) ||
      doc['kind'] !== 'CustomResourceDefinition' ||
      !isPlainObject(doc['metadata'])
    ) {
      throw new Error(`${file} does not hold a CustomResourceDefinition`);
    }
    return doc as KubeObject;
  });
}
