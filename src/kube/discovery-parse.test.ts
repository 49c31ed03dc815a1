// Discovery documents: aggregated v2 and the legacy per-group-version form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAggregatedDiscovery, parseGroupList, parseResourceList } from './discovery-parse.js';

test('aggregated discovery: preferred version first, scope, verbs, subresources', () => {
  const doc = {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    items: [
      {
        metadata: { name: 'autoscaling' },
        versions: [
          {
            version: 'v2',
            resources: [
              {
                resource: 'horizontalpodautoscalers',
                responseKind: { kind: 'HorizontalPodAutoscaler' },
                scope: 'Namespaced',
                verbs: ['list', 'watch'],
                subresources: [{ subresource: 'status' }],
              },
            ],
          },
          {
            version: 'v1',
            resources: [
              {
                resource: 'horizontalpodautoscalers',
                responseKind: { kind: 'HorizontalPodAutoscaler' },
                scope: 'Namespaced',
                verbs: ['get'],
              },
            ],
          },
        ],
      },
    ],
  };
  const gvs = parseAggregatedDiscovery(doc);
  assert.deepEqual(
    gvs?.map((g) => [g.version, g.preferred]),
    [
      ['v2', true],
      ['v1', false],
    ],
  );
  assert.deepEqual(gvs?.[0]?.resources[0], {
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    resource: 'horizontalpodautoscalers',
    namespaced: true,
    verbs: ['list', 'watch'],
    subresources: ['status'],
  });
  assert.equal(parseAggregatedDiscovery({ kind: 'APIGroupList', groups: [] }), undefined);
});

test('legacy discovery: group list order and subresources folded into their parent', () => {
  const groups = parseGroupList({
    kind: 'APIGroupList',
    groups: [
      {
        name: 'batch',
        versions: [{ version: 'v1beta1' }, { version: 'v1' }],
        preferredVersion: { version: 'v1' },
      },
    ],
  });
  assert.deepEqual(groups, [
    { group: 'batch', version: 'v1', preferred: true },
    { group: 'batch', version: 'v1beta1', preferred: false },
  ]);
  const res = parseResourceList('', 'v1', {
    resources: [
      { name: 'pods', kind: 'Pod', namespaced: true, verbs: ['get', 'list', 'watch'] },
      { name: 'pods/status', kind: 'Pod', namespaced: true, verbs: ['get'] },
      { name: 'pods/log', kind: 'Pod', namespaced: true, verbs: ['get'] },
    ],
  });
  assert.equal(res.length, 1);
  assert.deepEqual(res[0]?.subresources, ['status', 'log']);
  assert.equal(res[0]?.namespaced, true);
});
