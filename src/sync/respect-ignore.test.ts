// RespectIgnoreDifferences: ignored fields take their live values (or disappear) before a sync.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../model/index.js';
import { respectIgnoreDifferences } from './respect-ignore.js';

const dep = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns' },
  spec,
});
const rules = [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }];

const cases: { name: string; desired: KubeObject; live: KubeObject | undefined; want: unknown }[] = [
  {
    name: 'live value wins',
    desired: dep({ replicas: 1 }),
    live: dep({ replicas: 5 }),
    want: { replicas: 5 },
  },
  { name: 'absent in live: dropped', desired: dep({ replicas: 1 }), live: dep({}), want: {} },
  {
    name: 'absent in desired: taken from live',
    desired: dep({}),
    live: dep({ replicas: 3 }),
    want: { replicas: 3 },
  },
  {
    name: 'no live object: unchanged',
    desired: dep({ replicas: 1 }),
    live: undefined,
    want: { replicas: 1 },
  },
];

for (const c of cases) {
  test(`respectIgnoreDifferences: ${c.name}`, () => {
    const before = structuredClone(c.desired);
    const out = respectIgnoreDifferences(c.desired, c.live, rules);
    assert.deepEqual(out.spec, c.want);
    assert.deepEqual(c.desired, before, 'input not mutated');
  });
}

test('respectIgnoreDifferences: rules for other kinds and jq paths', () => {
  const out = respectIgnoreDifferences(
    dep({ replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'x:1' }] } } }),
    dep({ replicas: 2, template: { spec: { containers: [{ name: 'a', image: 'x:2' }] } } }),
    [
      { kind: 'ConfigMap', jsonPointers: ['/spec/replicas'] },
      { group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[].image'] },
    ],
  );
  assert.deepEqual(out.spec, {
    replicas: 1,
    template: { spec: { containers: [{ name: 'a', image: 'x:2' }] } },
  });
});
