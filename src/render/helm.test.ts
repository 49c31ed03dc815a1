// Helm renderer: the shared contract on the guestbook chart (local charts/ dependency, hooks).
import assert from 'node:assert/strict';
import { runRendererContract } from './contract.case.js';

runRendererContract({
  name: 'helm',
  type: 'Helm',
  tool: 'helm',
  good: { path: 'helm/guestbook', helm: { valueFiles: ['values-production.yaml'] } },
  check(objects) {
    const dep = objects.find((o) => o.kind === 'Deployment');
    assert.equal(dep?.metadata.name, 'contract-guestbook', 'release name defaults to the app name');
    assert.equal((dep?.['spec'] as { replicas: number }).replicas, 3);
    const cm = objects.find((o) => o.kind === 'ConfigMap');
    assert.equal(cm?.metadata.name, 'contract-common', 'local charts/ dependency rendered');
    const job = objects.find((o) => o.kind === 'Job');
    assert.equal(job?.metadata.annotations?.['helm.sh/hook'], 'pre-install,pre-upgrade', 'hooks kept');
  },
  broken: { path: 'helm/guestbook', helm: { valueFiles: ['values-missing.yaml'] } },
  brokenReason: 'ValueFileMissing',
});
