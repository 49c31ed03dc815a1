// Table tests of planSync: ordering, waves, hooks, Helm hooks, pruning, selection, namespaces.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlanInput } from './plan-types.js';
import { planSync } from './plan.js';
import { crd, isPlan, liveMap, obj, planInput, view } from './test-fixtures.js';

type View = ReturnType<typeof view>;
interface Case {
  name: string;
  input: Partial<PlanInput>;
  want: Partial<View>;
}

const HOOK = 'argocd.argoproj.io/hook';
const WAVE = 'argocd.argoproj.io/sync-wave';
const OPTS = 'argocd.argoproj.io/sync-options';
const HELM = 'helm.sh/hook';
const TS = '1714557600'; // planInput's startedAt in Unix seconds

const cases: Case[] = [
  {
    name: 'kinds follow the Helm install order, unknown kinds last, then names',
    input: {
      desired: [
        obj('Deployment', 'web'),
        obj('Foo', 'x'),
        obj('Service', 'web'),
        obj('ConfigMap', 'b'),
        obj('ConfigMap', 'a'),
        obj('Namespace', 'app'),
        obj('Secret', 's'),
        crd('example.com', 'Foo'),
        obj('Ingress', 'web'),
      ],
    },
    want: {
      steps: [
        'Sync:0 apply Namespace/app',
        'Sync:0 apply Secret/s',
        'Sync:0 apply ConfigMap/a',
        'Sync:0 apply ConfigMap/b',
        'Sync:0 apply CustomResourceDefinition/foos.example.com',
        'Sync:0 apply Service/web',
        'Sync:0 apply Deployment/web',
        'Sync:0 apply Ingress/web',
        'Sync:0 apply Foo/x',
      ],
      waves: ['Sync:0x9'],
    },
  },
  {
    name: 'waves order before kinds, negative waves first, one group per wave',
    input: {
      desired: [
        obj('Namespace', 'late', { ann: { [WAVE]: '5' } }),
        obj('Deployment', 'db', { ann: { [WAVE]: '-2' } }),
        obj('ConfigMap', 'c'),
        obj('Secret', 's', { ann: { [WAVE]: ' +1 ' } }),
      ],
    },
    want: {
      steps: [
        'Sync:-2 apply Deployment/db',
        'Sync:0 apply ConfigMap/c',
        'Sync:1 apply Secret/s',
        'Sync:5 apply Namespace/late',
      ],
      waves: ['Sync:-2x1', 'Sync:0x1', 'Sync:1x1', 'Sync:5x1'],
    },
  },
  {
    name: 'a custom kind named like a built-in still follows its CRD',
    input: {
      desired: [obj('Service', 'mine', { ns: 'app' }), crd('example.com', 'Service')].map((o) =>
        o.kind === 'Service' ? { ...o, apiVersion: 'example.com/v1' } : o,
      ),
    },
    want: {
      steps: ['Sync:0 apply CustomResourceDefinition/services.example.com', 'Sync:0 apply Service/mine'],
    },
  },
  {
    name: 'hooks run in their phases; Sync hooks mix with resources by wave and kind',
    input: {
      desired: [
        obj('Job', 'post', { ann: { [HOOK]: 'PostSync' } }),
        obj('Job', 'pre', { ann: { [HOOK]: 'PreSync', [WAVE]: '-1' } }),
        obj('Job', 'during', { ann: { [HOOK]: 'Sync' } }),
        obj('ConfigMap', 'cfg'),
      ],
    },
    want: {
      steps: [
        'PreSync:-1 hook Job/pre',
        'Sync:0 apply ConfigMap/cfg',
        'Sync:0 hook Job/during',
        'PostSync:0 hook Job/post',
      ],
    },
  },
  {
    name: 'one generateName hook in several phases gets one name per phase; SyncFail and PostDelete kept apart',
    input: {
      desired: [
        obj('Job', '', {
          generateName: 'migrate-',
          ann: { [HOOK]: 'PostSync, PreSync,SyncFail,PostDelete' },
        }),
      ],
    },
    want: {
      steps: [
        `PreSync:0 hook Job/migrate-abcdef0-presync-${TS}`,
        `PostSync:0 hook Job/migrate-abcdef0-postsync-${TS}`,
      ],
      syncFail: [`SyncFail:0 hook Job/migrate-abcdef0-syncfail-${TS}`],
      postDelete: [`PostDelete:0 hook Job/migrate-abcdef0-postdelete-${TS}`],
    },
  },
  {
    name: 'Skip: never applied, and its live copy is not pruned',
    input: {
      desired: [obj('ConfigMap', 'skipped', { ann: { [HOOK]: 'Skip' } })],
      live: liveMap([obj('ConfigMap', 'skipped')]),
    },
    want: { steps: [], skipped: ['/ConfigMap/app/skipped skip-hook'] },
  },
  {
    name: 'Skip beside a phase is ignored, as in Argo CD',
    input: { desired: [obj('Job', 'j', { ann: { [HOOK]: 'Skip,PreSync' } })] },
    want: { steps: ['PreSync:0 hook Job/j'] },
  },
  {
    name: 'Helm hooks map to phases, weights to waves; test hooks are not run; crd-install is a plain resource',
    input: {
      desired: [
        obj('Job', 'pre', { ann: { [HELM]: 'pre-install,pre-upgrade', 'helm.sh/hook-weight': '-3' } }),
        obj('Job', 'post', { ann: { [HELM]: 'post-upgrade' } }),
        obj('Pod', 'test', { ann: { [HELM]: 'test' } }),
        obj('Job', 'gone', { ann: { [HELM]: 'post-delete' } }),
        crd('example.com', 'Bar', { [HELM]: 'crd-install' }),
      ],
    },
    want: {
      steps: [
        'PreSync:-3 hook Job/pre',
        'Sync:0 apply CustomResourceDefinition/bars.example.com',
        'PostSync:0 hook Job/post',
      ],
      postDelete: ['PostDelete:0 hook Job/gone'],
      skipped: ['/Pod/app/test hook-not-run'],
    },
  },
  {
    name: 'an Argo CD hook annotation wins over Helm, and sync-wave over hook-weight',
    input: {
      desired: [
        obj('Job', 'j', {
          ann: { [HOOK]: 'PostSync', [HELM]: 'pre-install', [WAVE]: '2', 'helm.sh/hook-weight': '9' },
        }),
      ],
    },
    want: { steps: ['PostSync:2 hook Job/j'] },
  },
  {
    name: 'prunes close the Sync phase in reverse wave and kind order, after the applies',
    input: {
      desired: [obj('ConfigMap', 'keep')],
      live: liveMap([
        obj('ConfigMap', 'keep'),
        obj('Secret', 'old-s', { ann: { [WAVE]: '1' } }),
        obj('Deployment', 'old-d', { ann: { [WAVE]: '1' } }),
        obj('Service', 'old-svc', { ann: { [WAVE]: '-1' } }),
        obj('Namespace', 'old-ns'),
      ]),
    },
    want: {
      steps: [
        'Sync:0 apply ConfigMap/keep',
        'Sync:1 prune Deployment/old-d',
        'Sync:1 prune Secret/old-s',
        'Sync:0 prune Namespace/old-ns',
        'Sync:-1 prune Service/old-svc',
      ],
      waves: ['Sync:0x1', 'Sync:1x2', 'Sync:0x1', 'Sync:-1x1'],
    },
  },
  {
    name: 'PruneLast per resource and per app puts prunes after PostSync',
    input: {
      desired: [obj('ConfigMap', 'c'), obj('Job', 'post', { ann: { [HOOK]: 'PostSync' } })],
      live: liveMap([obj('Secret', 'a', { ann: { [OPTS]: 'PruneLast=true' } }), obj('Secret', 'b')]),
    },
    want: {
      steps: ['Sync:0 apply ConfigMap/c', 'Sync:0 prune Secret/b', 'PostSync:0 hook Job/post'],
      pruneLast: ['Sync:0 prune Secret/a'],
    },
  },
  {
    name: 'app-level PruneLast=true',
    input: {
      desired: [obj('ConfigMap', 'c')],
      live: liveMap([obj('Secret', 'a')]),
      syncPolicy: { syncOptions: ['PruneLast=true'] },
    },
    want: { steps: ['Sync:0 apply ConfigMap/c'], pruneLast: ['Sync:0 prune Secret/a'] },
  },
  {
    name: 'prune not allowed, Prune=false, Prune=confirm and helm keep are skipped with reasons',
    input: {
      desired: [obj('ConfigMap', 'c')],
      prune: false,
      live: liveMap([obj('Secret', 'a')]),
    },
    want: { steps: ['Sync:0 apply ConfigMap/c'], skipped: ['/Secret/app/a prune-disabled'] },
  },
  {
    name: 'resource Prune options override the app',
    input: {
      desired: [obj('ConfigMap', 'c')],
      syncPolicy: { syncOptions: ['Prune=false'] },
      live: liveMap([
        obj('Secret', 'no'),
        obj('Secret', 'yes', { ann: { [OPTS]: 'Prune=true' } }),
        obj('Secret', 'ask', { ann: { [OPTS]: 'Prune=confirm' } }),
        obj('Secret', 'kept', { ann: { [OPTS]: 'Prune=true', 'helm.sh/resource-policy': 'keep' } }),
      ]),
    },
    want: {
      steps: ['Sync:0 apply ConfigMap/c', 'Sync:0 prune Secret/yes'],
      skipped: [
        '/Secret/app/ask prune-awaiting-confirmation',
        '/Secret/app/kept resource-policy-keep',
        '/Secret/app/no prune-false',
      ],
    },
  },
  {
    name: 'Prune=confirm prunes once confirmed',
    input: {
      desired: [obj('ConfigMap', 'c')],
      pruneConfirmed: true,
      live: liveMap([obj('Namespace', 'ns', { ann: { [OPTS]: 'Prune=confirm' } })]),
    },
    want: { steps: ['Sync:0 apply ConfigMap/c', 'Sync:0 prune Namespace/ns'], skipped: [] },
  },
  {
    name: 'live hooks (and live copies of desired hooks) are never pruned',
    input: {
      desired: [obj('Job', 'named', { ann: { [HOOK]: 'PreSync' } })],
      live: liveMap([
        obj('Job', 'named'),
        obj('Job', 'old-hook', { ann: { [HOOK]: 'PostSync' } }),
        obj('Job', 'helm-old', { ann: { [HELM]: 'post-install' } }),
      ]),
    },
    want: { steps: ['PreSync:0 hook Job/named'], skipped: [] },
  },
  {
    name: 'selective sync: only the selected resources, no hooks, unselected prunes reported',
    input: {
      desired: [
        obj('ConfigMap', 'a'),
        obj('ConfigMap', 'b'),
        obj('Job', 'pre', { ann: { [HOOK]: 'PreSync' } }),
      ],
      live: liveMap([obj('Secret', 'old')]),
      operation: { resources: [{ kind: 'ConfigMap', name: 'b', namespace: 'app' }] },
    },
    want: {
      steps: ['Sync:0 apply ConfigMap/b'],
      skipped: [
        '/ConfigMap/app/a not-selected',
        'batch/Job/app/pre hook-not-run',
        '/Secret/app/old not-selected',
      ],
    },
  },
  {
    name: 'ApplyOutOfSyncOnly skips synced resources but not missing ones, and hooks still run',
    input: {
      desired: [
        obj('ConfigMap', 'same'),
        obj('ConfigMap', 'changed'),
        obj('ConfigMap', 'new'),
        obj('Job', 'pre', { ann: { [HOOK]: 'PreSync' } }),
      ],
      live: liveMap([obj('ConfigMap', 'same'), obj('ConfigMap', 'changed')]),
      compare: new Map([
        ['/ConfigMap/app/same', { modified: false }],
        ['/ConfigMap/app/changed', { modified: true }],
      ]),
      syncPolicy: { syncOptions: ['ApplyOutOfSyncOnly=true'] },
    },
    want: {
      steps: ['PreSync:0 hook Job/pre', 'Sync:0 apply ConfigMap/changed', 'Sync:0 apply ConfigMap/new'],
      skipped: ['/ConfigMap/app/same in-sync'],
    },
  },
  {
    name: 'operation options override the app option of the same name only',
    input: {
      desired: [obj('ConfigMap', 'same')],
      live: liveMap([obj('ConfigMap', 'same')]),
      compare: new Map([['/ConfigMap/app/same', { modified: false }]]),
      syncPolicy: { syncOptions: ['ApplyOutOfSyncOnly=true', 'CreateNamespace=true'] },
      destinationNamespaceExists: false,
      operation: { syncOptions: ['ApplyOutOfSyncOnly=false'] },
    },
    want: { steps: ['PreSync:0 apply Namespace/app', 'Sync:0 apply ConfigMap/same'] },
  },
  {
    name: 'allowEmpty lets an empty render prune everything',
    input: { desired: [], allowEmpty: true, live: liveMap([obj('ConfigMap', 'a')]) },
    want: { steps: ['Sync:0 prune ConfigMap/a'] },
  },
  {
    name: 'an empty render with nothing live is an empty plan, not a refusal',
    input: { desired: [obj('Job', 'h', { ann: { [HOOK]: 'PostSync' } })] },
    want: { steps: ['PostSync:0 hook Job/h'] },
  },
  {
    name: 'CreateNamespace adds the destination Namespace in PreSync, below the lowest PreSync wave',
    input: {
      desired: [obj('Job', 'pre', { ann: { [HOOK]: 'PreSync', [WAVE]: '-4' } }), obj('ConfigMap', 'c')],
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    },
    want: {
      steps: ['PreSync:-4 apply Namespace/app', 'PreSync:-4 hook Job/pre', 'Sync:0 apply ConfigMap/c'],
    },
  },
  {
    name: 'CreateNamespace: an existing namespace without managed metadata needs no task',
    input: {
      desired: [obj('ConfigMap', 'c')],
      destinationNamespaceExists: true,
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    },
    want: { steps: ['Sync:0 apply ConfigMap/c'] },
  },
  {
    name: 'CreateNamespace: existing namespace with managedNamespaceMetadata is kept in step',
    input: {
      desired: [obj('ConfigMap', 'c')],
      destinationNamespaceExists: true,
      syncPolicy: {
        syncOptions: ['CreateNamespace=true'],
        managedNamespaceMetadata: { labels: { team: 'a' } },
      },
    },
    want: { steps: ['PreSync:0 apply Namespace/app', 'Sync:0 apply ConfigMap/c'] },
  },
  {
    name: 'CreateNamespace: the app managing the Namespace itself wins',
    input: {
      desired: [obj('Namespace', 'app'), obj('ConfigMap', 'c')],
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    },
    want: { steps: ['Sync:0 apply Namespace/app', 'Sync:0 apply ConfigMap/c'] },
  },
  {
    name: 'child Applications are ordinary resources',
    input: {
      desired: [obj('Application', 'child', { ns: 'argocd', ann: { [WAVE]: '1' } }), obj('ConfigMap', 'c')],
    },
    want: { steps: ['Sync:0 apply ConfigMap/c', 'Sync:1 apply Application/child'] },
  },
];

describe('planSync', () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = view(isPlan(planSync(planInput(c.input))));
      const picked = Object.fromEntries(Object.keys(c.want).map((k) => [k, got[k as keyof View]]));
      assert.deepEqual(picked, c.want);
    });
  }
});

describe('planSync refusals and details', () => {
  it('refuses an empty render that would prune, unless allowEmpty', () => {
    const r = planSync(
      planInput({ desired: [], live: liveMap([obj('ConfigMap', 'a'), obj('Secret', 'b')]) }),
    );
    assert.equal(r.kind, 'PlanRefusal');
    assert.equal(r.kind === 'PlanRefusal' && r.reason, 'EmptyDesiredWithPrune');
    assert.match(r.kind === 'PlanRefusal' ? r.message : '', /allowEmpty/);
  });

  it('does not refuse an empty render when pruning is off', () => {
    const plan = isPlan(
      planSync(planInput({ desired: [], prune: false, live: liveMap([obj('ConfigMap', 'a')]) })),
    );
    assert.deepEqual(view(plan).skipped, ['/ConfigMap/app/a prune-disabled']);
  });

  for (const bad of ['one', '1.5', '', '99999999999999999999']) {
    it(`refuses an invalid sync-wave ${JSON.stringify(bad)} with the key and the value`, () => {
      const r = planSync(planInput({ desired: [obj('ConfigMap', 'c', { ann: { [WAVE]: bad } })] }));
      assert.equal(r.kind, 'PlanRefusal');
      if (r.kind !== 'PlanRefusal') return;
      assert.equal(r.reason, 'InvalidResources');
      assert.deepEqual(
        r.problems.map((p) => p.key),
        ['/ConfigMap/app/c'],
      );
      assert.match(r.message, /sync-wave must be an integer/);
    });
  }

  it('hook delete policies: default, Argo CD, Helm mapping, keep', () => {
    const plan = isPlan(
      planSync(
        planInput({
          desired: [
            obj('Job', 'default', { ann: { [HOOK]: 'PreSync' } }),
            obj('Job', 'argo', {
              ann: { [HOOK]: 'PreSync', 'argocd.argoproj.io/hook-delete-policy': 'HookFailed,HookSucceeded' },
            }),
            obj('Job', 'helm', {
              ann: {
                [HELM]: 'pre-install',
                'helm.sh/hook-delete-policy': 'hook-succeeded,before-hook-creation',
              },
            }),
            obj('Job', 'kept', { ann: { [HELM]: 'pre-install', 'helm.sh/resource-policy': 'keep' } }),
          ],
        }),
      ),
    );
    const policies = Object.fromEntries(
      plan.phases[0]?.waves[0]?.tasks.map((t) => [t.resource.name, t.hookDeletePolicies]) ?? [],
    );
    assert.deepEqual(policies, {
      default: ['BeforeHookCreation'],
      argo: ['HookSucceeded', 'HookFailed'],
      helm: ['HookSucceeded', 'BeforeHookCreation'],
      kept: [],
    });
  });

  it('carries per-resource sync options onto tasks and warns about unknown ones', () => {
    const plan = isPlan(
      planSync(
        planInput({
          desired: [
            obj('ConfigMap', 'c', {
              ann: { [OPTS]: 'Replace=true, ServerSideApply=false,Bogus=1,CreateNamespace=true' },
            }),
          ],
          syncPolicy: { syncOptions: ['ServerSideApply=true', 'Validate=false'] },
        }),
      ),
    );
    const t = plan.phases[1]?.waves[0]?.tasks[0];
    assert.equal(t?.syncOptions.replace, true);
    assert.equal(t?.syncOptions.serverSideApply, false);
    assert.equal(t?.syncOptions.validate, false);
    assert.equal(plan.warnings.length, 2);
    assert.match(plan.warnings.join('\n'), /unknown sync option Bogus=1/);
    assert.match(plan.warnings.join('\n'), /only has an effect on the Application/);
  });

  it('CreateNamespace task carries managedNamespaceMetadata', () => {
    const plan = isPlan(
      planSync(
        planInput({
          syncPolicy: {
            syncOptions: ['CreateNamespace=true'],
            managedNamespaceMetadata: { labels: { a: '1' }, annotations: { b: '2' } },
          },
        }),
      ),
    );
    const ns = plan.phases[0]?.waves[0]?.tasks[0];
    assert.equal(ns?.managedNamespace, true);
    assert.deepEqual(ns?.desired?.metadata, { name: 'app', labels: { a: '1' }, annotations: { b: '2' } });
  });

  it('warns when a wave puts a custom resource before its CRD or an object before its Namespace', () => {
    const plan = isPlan(
      planSync(
        planInput({
          desired: [
            crd('example.com', 'Foo', { [WAVE]: '2' }),
            obj('Foo', 'x'),
            obj('Namespace', 'app', { ann: { [WAVE]: '1' } }),
          ],
        }),
      ),
    );
    assert.equal(plan.warnings.length, 2);
    assert.match(plan.warnings[0] ?? '', /before its Namespace app/);
    assert.match(plan.warnings[1] ?? '', /before the CustomResourceDefinition/);
  });

  it('keeps the first of duplicated desired objects and warns', () => {
    const plan = isPlan(
      planSync(
        planInput({ desired: [obj('ConfigMap', 'c', { ann: { [WAVE]: '1' } }), obj('ConfigMap', 'c')] }),
      ),
    );
    assert.deepEqual(view(plan).steps, ['Sync:1 apply ConfigMap/c']);
    assert.match(plan.warnings[0] ?? '', /more than once/);
  });

  it('refuses a non-hook with only generateName', () => {
    const r = planSync(planInput({ desired: [obj('ConfigMap', '', { generateName: 'c-' })] }));
    assert.equal(r.kind === 'PlanRefusal' && r.reason, 'InvalidResources');
  });

  it('attaches live objects to applies and marks dry runs', () => {
    const live = obj('ConfigMap', 'c');
    const plan = isPlan(
      planSync(
        planInput({ desired: [obj('ConfigMap', 'c')], live: liveMap([live]), operation: { dryRun: true } }),
      ),
    );
    assert.equal(plan.dryRun, true);
    assert.equal(plan.phases[1]?.waves[0]?.tasks[0]?.live, live);
  });
});
