// Drift decisions on plain objects with a manual clock, who-changed-what from managedFields, and the
// drift templates rendered by the real engine.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Application } from '../model/index.js';
import { BUILTIN_TEMPLATES } from './catalog.js';
import { changesOf, driftFingerprint, driftStep, fieldPaths, type DriftState } from './drift.js';
import { renderTemplate } from './render-message.js';

const opts = { groupWaitMs: 1_000, reminderMs: 60_000 };
function app(sync: 'Synced' | 'OutOfSync', revision = 'r1', drifted = ['web']): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'shop' },
    spec: { project: 'default', destination: {} },
    status: {
      sync: { status: sync, revision },
      history: [{ id: 1, revision: 'r1', deployedAt: '2026-01-01T00:00:00Z' }],
      operationState: {
        phase: 'Succeeded',
        startedAt: 'x',
        operation: {},
        finishedAt: '2026-01-01T00:00:00Z',
      },
      resources: drifted.map((name) => ({
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace: 'shop',
        name,
        status: sync,
      })),
    },
  } as unknown as Application;
}

describe('driftStep', () => {
  test('opens a window, alerts once when it closes, reminds later, resolves on Synced', () => {
    const open = driftStep(app('OutOfSync'), undefined, 0, opts);
    assert.equal(open.kind, 'open');
    const state = (open as { state: DriftState }).state;
    assert.deepEqual(driftStep(app('OutOfSync'), state, 500, opts), { kind: 'wait', wakeAt: 1_000 });
    const alert = driftStep(app('OutOfSync'), state, 1_000, opts);
    assert.equal(alert.kind, 'alert');
    const sent = { ...state, sentAt: 1_000, fingerprint: 'f' };
    assert.deepEqual(driftStep(app('OutOfSync'), sent, 2_000, opts), { kind: 'wait', wakeAt: 61_000 });
    assert.deepEqual(driftStep(app('OutOfSync'), sent, 61_000, opts), {
      kind: 'alert',
      state: sent,
      reminder: true,
    });
    assert.deepEqual(driftStep(app('Synced'), sent, 3_000, opts), { kind: 'resolved', announce: true });
  });
  test('the window restarts while more objects drift, at most ten windows from the first sight', () => {
    const state: DriftState = {
      firstSeen: new Date(0).toISOString(),
      detectedAt: 0,
      keys: ['apps/Deployment/shop/web'],
    };
    const grown = driftStep(app('OutOfSync', 'r1', ['web', 'api']), state, 900, opts);
    assert.deepEqual(grown.kind === 'open' && grown.wakeAt, 1_900);
    const late = driftStep(app('OutOfSync', 'r1', ['web', 'api']), state, 10_500, opts);
    assert.equal(late.kind, 'alert');
  });
  test('OutOfSync because Git moved is not drift; more drifted objects open a new group', () => {
    assert.deepEqual(driftStep(app('OutOfSync', 'r2'), undefined, 0, opts), { kind: 'none' });
    const sent: DriftState = {
      firstSeen: 'x',
      detectedAt: 0,
      keys: ['apps/Deployment/shop/web'],
      sentAt: 10,
      fingerprint: 'f',
    };
    const more = driftStep(app('OutOfSync', 'r1', ['web', 'api']), sent, 20, opts);
    assert.equal(more.kind, 'open');
  });
});

describe('who changed what', () => {
  const live = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      managedFields: [
        {
          manager: 'driftless',
          operation: 'Apply',
          time: '2026-01-01T00:00:00Z',
          fieldsV1: { 'f:spec': { 'f:replicas': {} } },
        },
        {
          manager: 'kubectl-scale',
          operation: 'Update',
          subresource: 'scale',
          time: '2026-01-01T00:05:00Z',
          fieldsV1: { 'f:spec': { 'f:replicas': {} } },
        },
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          time: '2026-01-01T00:06:00Z',
          fieldsV1: { 'f:status': { 'f:replicas': {} } },
        },
      ],
    },
  };
  test('field paths from fieldsV1, list items by key', () => {
    assert.deepEqual(
      fieldPaths({
        'f:spec': {
          'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {} } } } },
        },
      }),
      ['spec.template.spec.containers[name=web].image'],
    );
  });
  test('managers other than ours (and the control plane) since the last sync', () => {
    assert.deepEqual(changesOf(live, 'driftless', '2026-01-01T00:00:00Z'), [
      {
        manager: 'kubectl-scale',
        operation: 'Update',
        subresource: 'scale',
        time: '2026-01-01T00:05:00Z',
        fields: ['spec.replicas'],
      },
    ]);
    const fp = driftFingerprint('shop', [
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        changes: changesOf(live, 'driftless'),
      },
    ]);
    assert.match(fp, /^[0-9a-f]{16}$/);
  });
  test('the drift template names the object, the manager and the fields', () => {
    const rendered = renderTemplate('app-drifted', BUILTIN_TEMPLATES['app-drifted']!, {
      app: app('OutOfSync'),
      context: { argocdUrl: 'https://cd' },
      serviceType: 'webhook',
      recipient: '',
      drift: {
        resources: [
          {
            group: 'apps',
            kind: 'Deployment',
            namespace: 'shop',
            name: 'web',
            changes: [{ manager: 'kubectl', subresource: 'scale', fields: ['spec.replicas'] }],
          },
        ],
      },
    });
    assert.ok(rendered.ok, rendered.ok ? '' : rendered.error);
    assert.match(
      String(rendered.value.message),
      /- Deployment shop\/web: kubectl \(scale\) changed spec\.replicas/,
    );
  });
});
