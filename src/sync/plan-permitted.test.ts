// planSync with a project kind rule: any forbidden group/kind (apply, hook or prune) refuses the whole plan.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { PlanInput } from './plan-types.js';
import { planSync } from './plan.js';
import { isPlan, liveMap, obj, planInput } from './test-fixtures.js';

const noSecretsNoClusterRoles: PlanInput['permitted'] = ({ group, kind, namespaced }) =>
  kind === 'Secret' || (!namespaced && kind !== 'Namespace')
    ? `${namespaced ? 'namespaced' : 'cluster-scoped'} resource ${group ? `${group}/` : ''}${kind} is not permitted in project "team"`
    : undefined;

it('refuses the plan naming every forbidden kind once, before anything is planned to run', () => {
  const r = planSync(
    planInput({
      desired: [
        obj('ConfigMap', 'a'),
        obj('Secret', 's1'),
        obj('Secret', 's2'),
        obj('Job', 'migrate', { ann: { 'argocd.argoproj.io/hook': 'PreSync' } }),
        obj('CustomResourceDefinition', 'widgets.example.com'),
      ],
      permitted: noSecretsNoClusterRoles,
    }),
  );
  assert.equal(r.kind, 'PlanRefusal');
  if (r.kind !== 'PlanRefusal') return;
  assert.equal(r.reason, 'ForbiddenResources');
  assert.equal(r.problems.length, 2);
  assert.match(r.message, /^cannot sync guestbook: /);
  assert.match(r.message, /namespaced resource Secret is not permitted in project "team"/);
  assert.match(r.message, /cluster-scoped resource apiextensions\.k8s\.io\/CustomResourceDefinition/);
});

it('a prune of a forbidden kind refuses the plan too', () => {
  const r = planSync(
    planInput({
      desired: [obj('ConfigMap', 'a')],
      live: liveMap([obj('ConfigMap', 'a'), obj('Secret', 'old')]),
      prune: true,
      permitted: noSecretsNoClusterRoles,
    }),
  );
  assert.equal(r.kind === 'PlanRefusal' && r.reason, 'ForbiddenResources');
});

it('permitted kinds plan as usual', () => {
  const plan = isPlan(
    planSync(planInput({ desired: [obj('ConfigMap', 'a')], permitted: noSecretsNoClusterRoles })),
  );
  assert.equal(plan.phases.flatMap((p) => p.waves).length, 1);
});
