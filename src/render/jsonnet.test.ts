// Jsonnet (directory sources): the shared contract with TLAs, ext vars and library paths.
import assert from 'node:assert/strict';
import { runRendererContract } from './contract.case.js';

runRendererContract({
  name: 'jsonnet',
  type: 'Directory',
  tool: 'jsonnet',
  good: {
    path: 'jsonnet/app',
    directory: {
      jsonnet: {
        libs: ['jsonnet/lib'],
        extVars: [
          { name: 'tag', value: '2.0.0' },
          { name: 'env', value: 'staging' },
        ],
        tlas: [
          { name: 'name', value: 'api' },
          { name: 'replicas', value: '2', code: true },
        ],
      },
    },
  },
  check(objects) {
    const dep = objects.find((o) => o.kind === 'Deployment');
    assert.equal(dep?.metadata.name, 'api');
    assert.equal((dep?.['spec'] as { replicas: number }).replicas, 2, 'TLA passed as code');
    assert.equal(dep?.metadata.labels?.['managed-by'], 'driftless', 'library from libs');
    assert.match(JSON.stringify(dep), /example\.org\/api:2\.0\.0/);
    assert.equal((objects.find((o) => o.kind === 'ConfigMap')?.['data'] as { env: string }).env, 'staging');
  },
  broken: { path: 'bad/jsonnet-error' },
  brokenReason: 'ToolFailed',
});
