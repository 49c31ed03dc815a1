// The Git repository of bench/api.ts: one directory app per name, each a ConfigMap carrying a revision number.
import type { TestRepo } from '../test/e2e/support/git-repo.js';

const configMap = (name: string, rev: number) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {rev: "${rev}"}\n`;

/** Writes revision `rev` of these apps' ConfigMaps and commits it. */
export function commitRevision(repo: TestRepo, names: readonly string[], rev: number): void {
  repo
    .write(Object.fromEntries(names.map((n) => [`apps/${n}/cm.yaml`, configMap(n, rev)])))
    .commit(`rev ${rev}`);
}
