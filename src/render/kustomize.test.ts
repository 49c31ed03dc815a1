// Kustomize renderer: the shared contract on the staging overlay (images newTag, namePrefix).
import assert from 'node:assert/strict';
import { runRendererContract } from './contract.case.js';

runRendererContract({
  name: 'kustomize',
  type: 'Kustomize',
  tool: 'kustomize',
  good: { path: 'kustomize/overlays/staging' },
  check(objects) {
    const dep = objects.find((o) => o.kind === 'Deployment');
    assert.equal(dep?.metadata.name, 'staging-web');
    assert.equal(dep?.metadata.namespace, 'staging');
    assert.match(JSON.stringify(dep), /example\.org\/web:1\.1\.0-rc1/);
  },
  broken: { path: 'bad/remote-base' },
  brokenReason: 'RemoteBaseRefused',
});
