// The install manifests rendered by the real tools: `helm template` of the chart and `kustomize build`
// of the base give the same objects, and install.yaml is that base without namespaces.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { execChecked } from '../../src/common/exec.js';
import { packageRoot } from '../../src/common/package-root.js';
import type { KubeObject } from '../../src/model/index.js';
import { ToolLocator } from '../../src/render/index.js';

const deploy = join(packageRoot(), 'deploy');
const tools = new ToolLocator();

async function run(tool: 'helm' | 'kustomize', args: string[]): Promise<string> {
  const t = tools.locate(tool);
  return (await execChecked(t.command, [...t.prefixArgs, ...args], { timeoutMs: 60_000 })).stdout;
}

/** Objects keyed `kind/namespace/name`, so order (which the tools choose differently) does not count. */
function byKey(yamlText: string): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const doc of parseAllDocuments(yamlText)) {
    const o = doc.toJS() as KubeObject | null;
    if (!o) continue;
    out.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`, o);
  }
  return out;
}

test('helm template of the chart renders exactly the objects of kustomize build of the base', async () => {
  const helm = byKey(
    await run('helm', [
      'template',
      'driftless',
      join(deploy, 'helm', 'driftless'),
      '--namespace',
      'argocd',
      '--include-crds',
    ]),
  );
  const kustomize = byKey(await run('kustomize', ['build', join(deploy, 'kustomize')]));
  assert.ok(kustomize.size >= 20, `kustomize built only ${kustomize.size} objects`);
  assert.deepEqual([...helm.keys()].sort(), [...kustomize.keys()].sort());
  for (const [key, o] of kustomize) assert.deepEqual(helm.get(key), o, key);
});

test('install.yaml is the Kustomize base with namespaced objects left for `kubectl apply -n`', async () => {
  const kustomize = byKey(await run('kustomize', ['build', join(deploy, 'kustomize')]));
  const install = byKey(readFileSync(join(deploy, 'install.yaml'), 'utf8'));
  const placed = new Map(
    [...install.values()].map((o) => {
      const clusterScoped = /^(CustomResourceDefinition|ClusterRole|ClusterRoleBinding)$/.test(o.kind);
      const obj = clusterScoped ? o : { ...o, metadata: { ...o.metadata, namespace: 'argocd' } };
      return [`${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`, obj];
    }),
  );
  assert.deepEqual([...placed.keys()].sort(), [...kustomize.keys()].sort());
  for (const [key, o] of kustomize) assert.deepEqual(placed.get(key), o, key);
});

test('helm values change what they should: replicas, image, namespace', async () => {
  const out = byKey(
    await run('helm', [
      'template',
      'd',
      join(deploy, 'helm', 'driftless'),
      '--namespace',
      'gitops',
      '--set',
      'server.replicas=5',
      '--set',
      'image.tag=v9.9.9',
    ]),
  );
  const server = out.get('Deployment/gitops/driftless-server') as KubeObject & {
    spec: { replicas: number; template: { spec: { containers: { image: string }[] } } };
  };
  assert.equal(server.spec.replicas, 5);
  assert.match(server.spec.template.spec.containers[0]?.image ?? '', /:v9\.9\.9$/);
  const crb = out.get('ClusterRoleBinding//driftless-server') as KubeObject & {
    subjects: { namespace: string }[];
  };
  assert.equal(crb.subjects[0]?.namespace, 'gitops');
});
