import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { externalSecretAssessor, sealedSecretAssessor, secretStoreAssessor } from './secrets-operators.js';

const c = (type: string, status: string, reason = '', message = `${type} ${status}`) => ({
  type,
  status,
  reason,
  message,
});
const o = (apiVersion: string, kind: string, conds?: object[], extra: Record<string, unknown> = {}) =>
  kube(apiVersion, kind, {
    spec: {},
    metadata: { generation: 1 },
    ...(conds ? { status: { conditions: conds, ...extra } } : {}),
  });

runAssessorContract(sealedSecretAssessor, {
  sample: o('bitnami.com/v1alpha1', 'SealedSecret'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'unsealed',
      obj: o(
        'bitnami.com/v1alpha1',
        'SealedSecret',
        [c('Synced', 'True', '', 'SealedSecret unsealed successfully')],
        { observedGeneration: 1 },
      ),
      want: 'Healthy',
    },
    {
      name: 'sealed for another key',
      obj: o(
        'bitnami.com/v1alpha1',
        'SealedSecret',
        [c('Synced', 'False', 'ErrUnsealFailed', 'no key could decrypt secret (password)')],
        { observedGeneration: 1 },
      ),
      want: 'Degraded',
      message: 'no key could decrypt secret',
    },
    {
      name: 'new generation not seen',
      obj: o('bitnami.com/v1alpha1', 'SealedSecret', [c('Synced', 'True')], { observedGeneration: 0 }),
      want: 'Progressing',
    },
  ],
});

runAssessorContract(externalSecretAssessor, {
  sample: o('external-secrets.io/v1', 'ExternalSecret'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'synced',
      obj: o('external-secrets.io/v1', 'ExternalSecret', [
        c('Ready', 'True', 'SecretSynced', 'secret synced'),
      ]),
      want: 'Healthy',
    },
    {
      name: 'store unreachable',
      obj: o('external-secrets.io/v1', 'ExternalSecret', [
        c('Ready', 'False', 'SecretSyncedError', 'could not get secret data from provider'),
      ]),
      want: 'Degraded',
      message: 'SecretSyncedError',
    },
    {
      name: 'deleted',
      obj: o('external-secrets.io/v1', 'ExternalSecret', [c('Ready', 'False', 'SecretDeleted')]),
      want: 'Degraded',
    },
    {
      name: 'push secret errored',
      obj: o('external-secrets.io/v1alpha1', 'PushSecret', [
        c('Ready', 'False', 'Errored', 'set secret failed'),
      ]),
      want: 'Degraded',
    },
    {
      name: 'push secret synced',
      obj: o('external-secrets.io/v1alpha1', 'PushSecret', [c('Ready', 'True', 'Synced')]),
      want: 'Healthy',
    },
    {
      name: 'cluster external secret not ready',
      obj: o('external-secrets.io/v1', 'ClusterExternalSecret', [c('Ready', 'Unknown')]),
      want: 'Progressing',
    },
  ],
});

runAssessorContract(secretStoreAssessor, {
  sample: o('external-secrets.io/v1', 'SecretStore'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'validated',
      obj: o('external-secrets.io/v1', 'SecretStore', [c('Ready', 'True', 'Valid', 'store validated')]),
      want: 'Healthy',
    },
    {
      name: 'invalid provider config',
      obj: o('external-secrets.io/v1', 'ClusterSecretStore', [
        c('Ready', 'False', 'InvalidProviderConfig', 'unable to validate store'),
      ]),
      want: 'Degraded',
      message: 'unable to validate',
    },
  ],
});
