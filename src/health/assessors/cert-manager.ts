// cert-manager: Certificate, CertificateRequest, Issuer and ClusterIssuer from their Ready/Issuing/Denied conditions.
import { readyConditionAssessor } from '../conventions/ready-condition.js';
import { cond, describe, fromCondition, staleGeneration } from '../conventions/conventions.js';
import { conditions, defineAssessor, parts, status } from '../read-fields.js';

const GROUP = 'cert-manager.io';

/**
 * Ready True is a valid, up-to-date certificate (Healthy even while a renewal is issuing); Ready False while
 * Issuing is True is a first issuance or re-issuance in flight (Progressing); Ready False otherwise (a failed
 * issuance sets Issuing False) is Degraded.
 */
export const certificateAssessor = defineAssessor([{ group: GROUP, kind: 'Certificate' }], (o) => {
  const st = parts(o).status;
  const list = conditions(st);
  const stale = staleGeneration(o, st);
  if (stale) return stale;
  const ready = cond(list, 'Ready');
  const issuing = cond(list, 'Issuing');
  if (ready?.status === 'True') return fromCondition('Healthy', ready);
  if (issuing?.status === 'True') return fromCondition('Progressing', issuing);
  if (ready?.status === 'False') {
    const failed =
      issuing?.status === 'False' && issuing.reason === 'Failed' ? ` (${describe(issuing)})` : '';
    return status('Degraded', `${describe(ready)}${failed}`);
  }
  return status('Progressing', 'Waiting for the certificate to be issued');
});

/**
 * Ready True is issued; Denied or InvalidRequest True, or Ready False with reason Failed or Denied, is
 * Degraded; otherwise (Pending, waiting for approval) Progressing.
 */
export const certificateRequestAssessor = defineAssessor(
  [{ group: GROUP, kind: 'CertificateRequest' }],
  (o) => {
    const list = conditions(parts(o).status);
    for (const type of ['Denied', 'InvalidRequest']) {
      const c = cond(list, type);
      if (c?.status === 'True') return fromCondition('Degraded', c);
    }
    const ready = cond(list, 'Ready');
    if (ready?.status === 'True') return fromCondition('Healthy', ready);
    if (ready?.status === 'False' && /^(Failed|Denied)$/.test(ready.reason))
      return fromCondition('Degraded', ready);
    if (ready) return fromCondition('Progressing', ready);
    return status('Progressing', 'Waiting for the request to be approved and signed');
  },
);

/** Issuers: Ready True once the issuer registered (ACME account, CA secret found); False is Degraded. */
export const issuerAssessor = readyConditionAssessor(
  [
    { group: GROUP, kind: 'Issuer' },
    { group: GROUP, kind: 'ClusterIssuer' },
  ],
  { waiting: 'Waiting for the issuer to be initialized', working: () => false },
);
