// Replace=true against a live object another writer keeps changing: a PUT that lost the race to a
// status update is read again and retried; the server's refusal of the change itself is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiResource } from '../kube/api-resource.js';
import type { KubeClient } from '../kube/client.js';
import { KubeApiError } from '../kube/api-error.js';
import type { KubeObject } from '../model/index.js';
import { keyOf, keyString } from '../model/index.js';
import type { SyncTask } from './plan-types.js';
import { DEFAULT_SYNC_OPTIONS } from './sync-options.js';
import { obj } from './test-fixtures.js';
import { writeObject, type WriteDeps } from './write-object.js';

const JOBS: ApiResource = {
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  resource: 'jobs',
  namespaced: true,
  verbs: ['get', 'update', 'create'],
};

const status = (code: number, reason: string) =>
  KubeApiError.fromStatus('PUT', '/apis/batch/v1/namespaces/app/jobs/j', code, {
    kind: 'Status',
    reason,
    message: reason === 'Conflict' ? 'the object has been modified' : 'field is immutable',
  });

/** A Job store whose resourceVersion moves `overtakes` times between our GET and our PUT. */
function jobServer(overtakes: number, refuse?: KubeApiError) {
  let rv = 10;
  let left = overtakes;
  const puts: string[] = [];
  const client = {
    get: () =>
      Promise.resolve({
        ...obj('Job', 'j'),
        metadata: { name: 'j', namespace: 'app', resourceVersion: String(rv) },
      }),
    replace: (_res: ApiResource, body: KubeObject, opts: { dryRun?: boolean }) => {
      puts.push(`${body.metadata.resourceVersion ?? '-'}${opts.dryRun ? ' dry' : ''}`);
      if (left > 0) {
        left--;
        rv++; // the Job controller wrote its status meanwhile
      }
      if (body.metadata.resourceVersion !== String(rv)) return Promise.reject(status(409, 'Conflict'));
      if (refuse) return Promise.reject(refuse);
      return Promise.resolve({ ...body, metadata: { ...body.metadata, resourceVersion: String(++rv) } });
    },
  } as unknown as KubeClient;
  const deps: WriteDeps = {
    client,
    fieldManager: 'driftless',
    deleteAndWait: () => Promise.reject(new Error('nothing is deleted without Force=true')),
  };
  return { deps, puts };
}

function replaceTask(): { task: SyncTask; desired: KubeObject } {
  const desired = obj('Job', 'j');
  const task: SyncTask = {
    id: 'j',
    kind: 'apply',
    phase: 'Sync',
    wave: 0,
    key: keyString(keyOf(desired)),
    resource: keyOf(desired),
    desired,
    syncOptions: { ...DEFAULT_SYNC_OPTIONS, replace: true },
    compareOptions: { ignoreExtraneous: false },
  };
  return { task, desired };
}

for (const dryRun of [true, false]) {
  test(`Replace=true retries a PUT overtaken by a status write, at the fresh resourceVersion (dry run: ${dryRun})`, async () => {
    const { deps, puts } = jobServer(2);
    const { task, desired } = replaceTask();
    const written = await writeObject(deps, JOBS, task, desired, dryRun);
    assert.equal(written.verb, 'replaced');
    const d = dryRun ? ' dry' : '';
    assert.deepEqual(puts, [`10${d}`, `11${d}`, `12${d}`]);
  });
}

test('Replace=true gives up on a PUT that keeps conflicting, with the server’s answer', async () => {
  const { deps, puts } = jobServer(100);
  const { task, desired } = replaceTask();
  await assert.rejects(writeObject(deps, JOBS, task, desired, true), /the object has been modified/);
  assert.equal(puts.length, 5);
});

test('Replace=true does not retry the server’s refusal of the change (an immutable field)', async () => {
  const { deps, puts } = jobServer(0, status(422, 'Invalid'));
  const { task, desired } = replaceTask();
  await assert.rejects(writeObject(deps, JOBS, task, desired, true), /immutable/);
  assert.deepEqual(puts, ['10 dry']);
});
