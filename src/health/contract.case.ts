// The contract every health assessor passes: never throws, no status handled, garbage is Unknown, its own cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HealthStatusCode, KubeObject } from '../model/index.js';
import type { HealthAssessor } from './types.js';

export interface AssessorCase {
  name: string;
  obj: KubeObject;
  want: HealthStatusCode;
  /** A part the message must contain. */
  message?: string | RegExp;
}

export interface AssessorContract {
  /** A plausible object of the kind, without status. */
  sample: KubeObject;
  /** What the sample without any status is: usually Progressing, Healthy for kinds with nothing to wait for. */
  noStatus: HealthStatusCode;
  /** Set for kinds whose health does not read status at all (then garbage status is not Unknown). */
  ignoresGarbageStatus?: boolean;
  cases: readonly AssessorCase[];
}

const CODES = new Set<string>(['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown']);
const GARBAGE_STATUS: readonly unknown[] = [
  'garbage',
  42,
  ['a'],
  {
    phase: 7,
    conditions: 'none',
    replicas: 'three',
    observedGeneration: 'x',
    readyReplicas: {},
    updatedReplicas: [],
    availableReplicas: 'x',
    desiredNumberScheduled: 'x',
    loadBalancer: 'x',
    health: 'x',
    containerStatuses: 'x',
    active: 'x',
  },
];

export function runAssessorContract(assessor: HealthAssessor, contract: AssessorContract): void {
  const kind = assessor.kinds[0]?.kind ?? 'unknown';
  const withStatus = (status: unknown): KubeObject => ({ ...contract.sample, status });

  test(`${kind}: declares the kind of its sample`, () => {
    const [group] = contract.sample.apiVersion.includes('/') ? contract.sample.apiVersion.split('/') : [''];
    assert.ok(assessor.kinds.some((k) => k.kind === contract.sample.kind && k.group === group));
  });

  test(`${kind}: an object without status is ${contract.noStatus}`, () => {
    assert.equal(assessor.assess(contract.sample).status, contract.noStatus);
  });

  test(`${kind}: garbage status is Unknown and never throws`, () => {
    for (const g of GARBAGE_STATUS) {
      const h = assessor.assess(withStatus(g));
      if (contract.ignoresGarbageStatus) assert.ok(CODES.has(h.status));
      else assert.equal(h.status, 'Unknown', `status ${JSON.stringify(g)}`);
    }
  });

  test(`${kind}: any status or spec at all never throws and gives a valid code`, () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (status, spec) => {
        const h = assessor.assess({ ...contract.sample, spec, status });
        assert.ok(CODES.has(h.status));
        assert.ok(h.message === undefined || typeof h.message === 'string');
      }),
      { numRuns: 200 },
    );
  });

  test(`${kind}: cases`, async (t) => {
    for (const c of contract.cases) {
      await t.test(c.name, () => {
        const h = assessor.assess(c.obj);
        assert.equal(h.status, c.want, h.message);
        if (c.message !== undefined)
          assert.match(
            h.message ?? '',
            typeof c.message === 'string' ? new RegExp(escape(c.message)) : c.message,
          );
      });
    }
  });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
