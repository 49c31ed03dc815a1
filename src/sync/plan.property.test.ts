// Property tests of planSync: every resource planned exactly once, in an order that respects its rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { objectKeyString, type KubeObject } from '../model/index.js';
import { planSync, planTasks } from './plan.js';
import { isPlan, liveMap, obj, planInput } from './test-fixtures.js';

const KINDS = [
  'Namespace',
  'ConfigMap',
  'Secret',
  'Deployment',
  'Service',
  'Job',
  'Foo',
  'CustomResourceDefinition',
];
const NAMESPACES = ['a', 'b', 'c'];

const arbObject = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    name: fc.constantFrom('a', 'b', 'c', 'x', 'y'),
    ns: fc.constantFrom(...NAMESPACES),
    wave: fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }),
  })
  .map(({ kind, name, ns, wave }): KubeObject => {
    const ann = wave === undefined ? {} : { ann: { 'argocd.argoproj.io/sync-wave': String(wave) } };
    // Namespaces are named after the namespaces objects live in, so containment can be checked.
    if (kind === 'Namespace') return obj(kind, ns, ann);
    return obj(kind, name, { ns, ...ann });
  });

function unique(objs: readonly KubeObject[]): KubeObject[] {
  return [...new Map(objs.map((o) => [objectKeyString(o), o])).values()];
}

describe('planSync properties', () => {
  it('applies each desired object once and prunes each extraneous live object once', () => {
    fc.assert(
      fc.property(fc.array(arbObject, { maxLength: 25 }), fc.array(arbObject, { maxLength: 25 }), (d, l) => {
        const desired = unique(d);
        const live = liveMap(unique(l));
        const plan = isPlan(planSync(planInput({ desired, live, allowEmpty: true })));
        const tasks = planTasks(plan);
        const applied = tasks
          .filter((t) => t.kind === 'apply')
          .map((t) => t.key)
          .sort();
        const pruned = tasks
          .filter((t) => t.kind === 'prune')
          .map((t) => t.key)
          .sort();
        const desiredKeys = new Set(desired.map(objectKeyString));
        assert.deepEqual(applied, [...desiredKeys].sort());
        assert.deepEqual(pruned, [...live.keys()].filter((k) => !desiredKeys.has(k)).sort());
        assert.equal(new Set(tasks.map((t) => t.id)).size, tasks.length);
      }),
      { numRuns: 200 },
    );
  });

  it('orders waves up for applies and down for prunes; a Namespace precedes its objects within a wave', () => {
    fc.assert(
      fc.property(fc.array(arbObject, { maxLength: 30 }), fc.array(arbObject, { maxLength: 10 }), (d, l) => {
        const plan = isPlan(
          planSync(planInput({ desired: unique(d), live: liveMap(unique(l)), allowEmpty: true })),
        );
        const sync = plan.phases.find((p) => p.phase === 'Sync')?.waves ?? [];
        const applyWaves = sync.filter((w) => w.tasks[0]?.kind === 'apply').map((w) => w.wave);
        const pruneWaves = sync.filter((w) => w.tasks[0]?.kind === 'prune').map((w) => w.wave);
        assert.deepEqual(
          applyWaves,
          [...applyWaves].sort((a, b) => a - b),
        );
        assert.deepEqual(
          pruneWaves,
          [...pruneWaves].sort((a, b) => b - a),
        );
        assert.equal(new Set(applyWaves).size, applyWaves.length);
        for (const w of sync.filter((g) => g.tasks[0]?.kind === 'apply')) {
          w.tasks.forEach((t, i) => {
            const nsAt = w.tasks.findIndex(
              (n) => n.resource.kind === 'Namespace' && n.resource.name === t.resource.namespace,
            );
            if (nsAt >= 0) assert.ok(nsAt < i, `${t.key} before its Namespace in wave ${w.wave}`);
            const crdAt = w.tasks.findIndex((n) => n.resource.kind === 'CustomResourceDefinition');
            if (t.resource.kind === 'Foo' && crdAt >= 0)
              assert.ok(crdAt < i, `${t.key} before a CRD in wave ${w.wave}`);
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of the desired objects', () => {
    fc.assert(
      fc.property(
        fc
          .array(arbObject, { maxLength: 20 })
          .chain((d) =>
            fc.tuple(fc.constant(unique(d)), fc.shuffledSubarray(unique(d), { minLength: unique(d).length })),
          ),
        ([a, b]) => {
          const ids = (desired: KubeObject[]): string[] =>
            planTasks(isPlan(planSync(planInput({ desired })))).map((t) => t.id);
          assert.deepEqual(ids(a), ids(b));
        },
      ),
      { numRuns: 100 },
    );
  });
});
