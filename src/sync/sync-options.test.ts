// Table tests of sync/compare option parsing and layering.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  mergeSyncOptions,
  parseCompareOptions,
  parseSyncOptions,
  resourceSyncOptions,
  splitOptionList,
  type SyncOptions,
} from './sync-options.js';
import { obj } from './test-fixtures.js';

const parseCases: { item: string; want: Partial<SyncOptions>; warn?: RegExp }[] = [
  { item: 'CreateNamespace=true', want: { createNamespace: true } },
  { item: 'ApplyOutOfSyncOnly=true', want: { applyOutOfSyncOnly: true } },
  { item: 'PruneLast=true', want: { pruneLast: true } },
  { item: 'Prune=false', want: { prune: false } },
  { item: 'Prune=confirm', want: { prune: 'confirm' } },
  { item: 'Delete=false', want: { delete: false } },
  { item: 'Delete=confirm', want: { delete: 'confirm' } },
  { item: 'Replace=true', want: { replace: true } },
  { item: 'Force=true', want: { force: true } },
  { item: 'ServerSideApply=true', want: { serverSideApply: true } },
  { item: 'ServerSideApply=false', want: { serverSideApply: false } },
  { item: 'Validate=false', want: { validate: false } },
  { item: 'SkipDryRunOnMissingResource=true', want: { skipDryRunOnMissingResource: true } },
  { item: 'PrunePropagationPolicy=background', want: { prunePropagationPolicy: 'background' } },
  { item: 'PrunePropagationPolicy=orphan', want: { prunePropagationPolicy: 'orphan' } },
  { item: 'FailOnSharedResource=true', want: { failOnSharedResource: true } },
  { item: 'RespectIgnoreDifferences=true', want: { respectIgnoreDifferences: true } },
  { item: ' Replace = TRUE ', want: { replace: true } },
  { item: 'Replace=yes', want: {}, warn: /expected Replace=true or Replace=false/ },
  { item: 'Prune=maybe', want: {}, warn: /true, false or confirm/ },
  { item: 'PrunePropagationPolicy=sideways', want: {}, warn: /foreground, background, orphan/ },
  { item: 'Frobnicate=true', want: {}, warn: /unknown sync option Frobnicate=true/ },
  { item: 'PruneLast', want: {}, warn: /expected PruneLast=true/ },
];

describe('parseSyncOptions', () => {
  for (const c of parseCases) {
    it(c.item, () => {
      const got = parseSyncOptions([c.item], 'test');
      assert.deepEqual(got.options, c.want);
      if (c.warn === undefined) assert.deepEqual(got.warnings, []);
      else assert.match(got.warnings.join('\n'), c.warn);
    });
  }
});

describe('option layers', () => {
  const cases: { name: string; layers: Partial<SyncOptions>[]; want: Partial<SyncOptions> }[] = [
    {
      name: 'defaults',
      layers: [],
      want: { prune: true, validate: true, prunePropagationPolicy: 'foreground', serverSideApply: false },
    },
    {
      name: 'later layer wins per key',
      layers: [{ prune: false, replace: true }, { prune: 'confirm' }],
      want: { prune: 'confirm', replace: true },
    },
    {
      name: 'resource SSA=false beats app SSA=true',
      layers: [{ serverSideApply: true }, { serverSideApply: false }],
      want: { serverSideApply: false },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = mergeSyncOptions(...c.layers);
      for (const [k, v] of Object.entries(c.want)) assert.equal(got[k as keyof SyncOptions], v, k);
    });
  }

  it('drops app-only options from resource annotations with a warning', () => {
    const o = obj('ConfigMap', 'c', {
      ann: { 'argocd.argoproj.io/sync-options': 'CreateNamespace=true,Prune=false' },
    });
    const got = resourceSyncOptions(o, 'cm');
    assert.deepEqual(got.options, { prune: false });
    assert.equal(got.warnings.length, 1);
  });

  it('splits annotation lists', () => {
    assert.deepEqual(splitOptionList(' A=1 ,, B=2,'), ['A=1', 'B=2']);
    assert.deepEqual(splitOptionList(undefined), []);
  });
});

describe('parseCompareOptions', () => {
  const cases: { value: string; ignoreExtraneous: boolean; serverSideDiff?: boolean; warnings: number }[] = [
    { value: 'IgnoreExtraneous', ignoreExtraneous: true, warnings: 0 },
    {
      value: 'IgnoreExtraneous=true, ServerSideDiff=false',
      ignoreExtraneous: true,
      serverSideDiff: false,
      warnings: 0,
    },
    { value: 'ServerSideDiff=true', ignoreExtraneous: false, serverSideDiff: true, warnings: 0 },
    { value: 'Whatever', ignoreExtraneous: false, warnings: 1 },
  ];
  for (const c of cases) {
    it(c.value, () => {
      const got = parseCompareOptions(
        obj('ConfigMap', 'c', { ann: { 'argocd.argoproj.io/compare-options': c.value } }),
        'cm',
      );
      assert.equal(got.options.ignoreExtraneous, c.ignoreExtraneous);
      assert.equal(got.options.serverSideDiff, c.serverSideDiff);
      assert.equal(got.warnings.length, c.warnings);
    });
  }
});
