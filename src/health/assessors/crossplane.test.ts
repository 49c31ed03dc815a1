import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { assessHealth } from '../assess.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compositeResourceDefinitionAssessor, crossplanePackageAssessor } from './crossplane.js';

const c = (type: string, status: string, reason = '', message = `${type} ${status}`) => ({
  type,
  status,
  reason,
  message,
});
const p = (kind: string, conds?: object[]) =>
  kube(
    kind === 'CompositeResourceDefinition' ? 'apiextensions.crossplane.io/v1' : 'pkg.crossplane.io/v1',
    kind,
    {
      spec: {},
      ...(conds ? { status: { conditions: conds } } : {}),
    },
  );

runAssessorContract(crossplanePackageAssessor, {
  sample: p('Provider'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'installed and healthy',
      obj: p('Provider', [
        c('Installed', 'True', 'ActivePackageRevision'),
        c('Healthy', 'True', 'HealthyPackageRevision'),
      ]),
      want: 'Healthy',
    },
    {
      name: 'unhealthy runtime',
      obj: p('Provider', [
        c('Installed', 'True'),
        c('Healthy', 'False', 'UnhealthyPackageRevision', 'pod crash looping'),
      ]),
      want: 'Degraded',
      message: 'crash looping',
    },
    {
      name: 'unpacking',
      obj: p('Configuration', [c('Installed', 'False', 'UnpackPackage')]),
      want: 'Progressing',
    },
    {
      name: 'install failed',
      obj: p('Function', [c('Installed', 'False', 'InactivePackageRevision', 'dependency missing')]),
      want: 'Degraded',
    },
    {
      name: 'health unknown yet',
      obj: p('Provider', [c('Installed', 'True'), c('Healthy', 'Unknown', 'UnknownPackageRevisionHealth')]),
      want: 'Progressing',
    },
  ],
});

runAssessorContract(compositeResourceDefinitionAssessor, {
  sample: p('CompositeResourceDefinition'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'established and offered',
      obj: p('CompositeResourceDefinition', [
        c('Established', 'True', 'WatchingCompositeResource'),
        c('Offered', 'True'),
      ]),
      want: 'Healthy',
    },
    {
      name: 'claim CRD not offered',
      obj: p('CompositeResourceDefinition', [
        c('Established', 'True'),
        c('Offered', 'False', 'OfferClaimFailed'),
      ]),
      want: 'Degraded',
    },
  ],
});

test('crossplane claims, composites and managed resources: the generic check reads Synced and Ready', () => {
  const claim = (conds: object[]) =>
    kube('db.example.org/v1alpha1', 'PostgreSQLInstance', {
      spec: { compositionRef: { name: 'x' } },
      status: { conditions: conds },
    });
  const cases: [object[], string][] = [
    [[c('Synced', 'True', 'ReconcileSuccess'), c('Ready', 'True', 'Available')], 'Healthy'],
    [[c('Synced', 'True'), c('Ready', 'False', 'Creating')], 'Progressing'],
    [
      [
        c('Synced', 'True'),
        c('Ready', 'False', 'Waiting', 'Claim is waiting for composite resource to become Ready'),
      ],
      'Progressing',
    ],
    [
      [c('Synced', 'False', 'ReconcileError', 'cannot compose resources'), c('Ready', 'False', 'Creating')],
      'Degraded',
    ],
    [[c('Synced', 'True'), c('Ready', 'False', 'Unavailable')], 'Degraded'],
    [[c('Synced', 'True'), c('Ready', 'False', 'Deleting')], 'Progressing'],
  ];
  for (const [conds, want] of cases)
    assert.equal(assessHealth(claim(conds)).status, want, JSON.stringify(conds));
});
