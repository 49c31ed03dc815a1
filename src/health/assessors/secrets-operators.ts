// Sealed Secrets and External Secrets Operator: whether the Secret behind the object was produced.
import { readyConditionAssessor, readyConditionHealth } from '../conventions/ready-condition.js';
import { defineAssessor } from '../read-fields.js';

/**
 * SealedSecret: the controller sets `Synced` True once it unsealed the data into a Secret, False with the
 * reason (no key could decrypt it, the Secret exists and is not owned) otherwise. None yet: Progressing.
 */
export const sealedSecretAssessor = readyConditionAssessor([{ group: 'bitnami.com', kind: 'SealedSecret' }], {
  type: 'Synced',
  waiting: 'Waiting for the sealed-secrets controller to unseal it',
  working: () => false,
});

const ESO = 'external-secrets.io';

/**
 * ExternalSecret, PushSecret and ClusterExternalSecret report `Ready`: True once synced (SecretSynced), False
 * with SecretSyncedError, SecretDeleted and the like. A refresh that already produced the Secret and then
 * fails still reads False, which is Degraded: the Secret is stale.
 */
export const externalSecretAssessor = readyConditionAssessor(
  ['ExternalSecret', 'PushSecret', 'ClusterExternalSecret'].map((kind) => ({ group: ESO, kind })),
  { waiting: 'Waiting for the secret to be synced', working: () => false },
);

/** SecretStore and ClusterSecretStore: Ready True once the provider validated (StoreValidated). */
export const secretStoreAssessor = defineAssessor(
  ['SecretStore', 'ClusterSecretStore'].map((kind) => ({ group: ESO, kind })),
  (o) =>
    readyConditionHealth(o, {
      waiting: 'Waiting for the store to be validated',
      working: () => false,
    }),
);
