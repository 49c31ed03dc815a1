import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { fluxAssessor } from './flux.js';

const c = (type: string, status: string, reason = '', message = `${type} ${status}`) => ({
  type,
  status,
  reason,
  message,
});
const f = (
  apiVersion: string,
  kind: string,
  conds?: object[],
  spec: Record<string, unknown> = {},
  observedGeneration = 1,
) =>
  kube(apiVersion, kind, {
    spec,
    metadata: { generation: 1 },
    ...(conds ? { status: { observedGeneration, conditions: conds } } : {}),
  });
const ks = 'kustomize.toolkit.fluxcd.io/v1';
const hr = 'helm.toolkit.fluxcd.io/v2';
const src = 'source.toolkit.fluxcd.io/v1';

runAssessorContract(fluxAssessor, {
  sample: f(ks, 'Kustomization'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'applied',
      obj: f(ks, 'Kustomization', [
        c('Ready', 'True', 'ReconciliationSucceeded', 'Applied revision: main@sha1:abc'),
      ]),
      want: 'Healthy',
      message: 'Applied revision',
    },
    {
      name: 'build failed',
      obj: f(ks, 'Kustomization', [c('Ready', 'False', 'BuildFailed', 'kustomize build failed')]),
      want: 'Degraded',
      message: 'BuildFailed',
    },
    {
      name: 'reconciling',
      obj: f(ks, 'Kustomization', [
        c('Ready', 'Unknown', 'Progressing'),
        c('Reconciling', 'True', 'Progressing'),
      ]),
      want: 'Progressing',
    },
    {
      name: 'dependency not ready',
      obj: f(ks, 'Kustomization', [c('Ready', 'False', 'DependencyNotReady')]),
      want: 'Progressing',
    },
    {
      name: 'stalled',
      obj: f(ks, 'Kustomization', [
        c('Ready', 'False', 'InvalidPath'),
        c('Stalled', 'True', 'InvalidPath', 'path not found'),
      ]),
      want: 'Degraded',
      message: 'path not found',
    },
    {
      name: 'suspended',
      obj: f(ks, 'Kustomization', [c('Ready', 'True')], { suspend: true }),
      want: 'Suspended',
    },
    {
      name: 'generation not observed',
      obj: f(ks, 'Kustomization', [c('Ready', 'True')], {}, 0),
      want: 'Progressing',
    },
    {
      name: 'helm release installed',
      obj: f(hr, 'HelmRelease', [c('Ready', 'True', 'InstallSucceeded')]),
      want: 'Healthy',
    },
    {
      name: 'helm release upgrade failed',
      obj: f(hr, 'HelmRelease', [c('Ready', 'False', 'UpgradeFailed', 'timed out waiting')]),
      want: 'Degraded',
      message: 'UpgradeFailed',
    },
    {
      name: 'git repository unreachable',
      obj: f(src, 'GitRepository', [c('Ready', 'False', 'GitOperationFailed')]),
      want: 'Degraded',
    },
    {
      name: 'git repository artifact ready',
      obj: f(src, 'GitRepository', [c('Ready', 'True', 'Succeeded'), c('ArtifactInStorage', 'True')]),
      want: 'Healthy',
    },
    {
      name: 'oci helm repository',
      obj: f('source.toolkit.fluxcd.io/v1', 'HelmRepository', undefined, { type: 'oci' }),
      want: 'Healthy',
    },
  ],
});
