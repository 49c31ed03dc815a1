import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { certificateAssessor, certificateRequestAssessor, issuerAssessor } from './cert-manager.js';

const c = (type: string, status: string, reason = '', message = `${type} ${status}`) => ({
  type,
  status,
  reason,
  message,
});
const cm = (kind: string, conds?: object[], generation = 1, observedGeneration?: number) =>
  kube('cert-manager.io/v1', kind, {
    spec: {},
    metadata: { generation },
    ...(conds
      ? {
          status: {
            conditions: conds.map((x) => ({ ...x, ...(observedGeneration ? { observedGeneration } : {}) })),
          },
        }
      : {}),
  });

runAssessorContract(certificateAssessor, {
  sample: cm('Certificate'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'ready',
      obj: cm('Certificate', [c('Ready', 'True', 'Ready', 'Certificate is up to date and has not expired')]),
      want: 'Healthy',
      message: 'up to date',
    },
    {
      name: 'renewing while ready',
      obj: cm('Certificate', [c('Ready', 'True', 'Ready'), c('Issuing', 'True', 'Renewing')]),
      want: 'Healthy',
    },
    {
      name: 'first issuance',
      obj: cm('Certificate', [
        c('Ready', 'False', 'DoesNotExist'),
        c('Issuing', 'True', 'DoesNotExist', 'Issuing certificate as Secret does not exist'),
      ]),
      want: 'Progressing',
      message: 'Secret does not exist',
    },
    {
      name: 'issuance failed',
      obj: cm('Certificate', [
        c('Ready', 'False', 'DoesNotExist', 'Issuing certificate as Secret does not exist'),
        c('Issuing', 'False', 'Failed', 'The certificate request has failed to complete and will be retried'),
      ]),
      want: 'Degraded',
      message: 'failed to complete',
    },
    {
      name: 'expired, not issuing',
      obj: cm('Certificate', [c('Ready', 'False', 'Expired')]),
      want: 'Degraded',
      message: 'Expired',
    },
    { name: 'only Issuing True', obj: cm('Certificate', [c('Issuing', 'True')]), want: 'Progressing' },
    {
      name: 'generation not observed',
      obj: kube('cert-manager.io/v1', 'Certificate', {
        metadata: { generation: 3 },
        status: { observedGeneration: 2, conditions: [c('Ready', 'True')] },
      }),
      want: 'Progressing',
    },
  ],
});

runAssessorContract(certificateRequestAssessor, {
  sample: cm('CertificateRequest'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'issued',
      obj: cm('CertificateRequest', [c('Approved', 'True'), c('Ready', 'True', 'Issued')]),
      want: 'Healthy',
    },
    {
      name: 'pending',
      obj: cm('CertificateRequest', [c('Ready', 'False', 'Pending')]),
      want: 'Progressing',
      message: 'Pending',
    },
    {
      name: 'failed',
      obj: cm('CertificateRequest', [c('Ready', 'False', 'Failed', 'ACME order failed')]),
      want: 'Degraded',
      message: 'ACME order failed',
    },
    {
      name: 'denied',
      obj: cm('CertificateRequest', [c('Denied', 'True', 'Policy', 'not allowed')]),
      want: 'Degraded',
      message: 'not allowed',
    },
    {
      name: 'invalid',
      obj: cm('CertificateRequest', [c('InvalidRequest', 'True', 'BadCSR')]),
      want: 'Degraded',
    },
  ],
});

runAssessorContract(issuerAssessor, {
  sample: cm('Issuer'),
  noStatus: 'Progressing',
  cases: [
    { name: 'registered', obj: cm('Issuer', [c('Ready', 'True', 'ACMEAccountRegistered')]), want: 'Healthy' },
    {
      name: 'cluster issuer with a missing CA secret',
      obj: cm('ClusterIssuer', [c('Ready', 'False', 'ErrGetKeyPair', 'secret "ca" not found')]),
      want: 'Degraded',
      message: 'not found',
    },
    { name: 'unknown', obj: cm('ClusterIssuer', [c('Ready', 'Unknown')]), want: 'Progressing' },
    {
      name: 'stale condition generation',
      obj: kube('cert-manager.io/v1', 'Issuer', {
        metadata: { generation: 2 },
        status: { observedGeneration: 1, conditions: [c('Ready', 'True')] },
      }),
      want: 'Progressing',
    },
  ],
});
