// ListWatch on a fake API: paging, re-list on 410, backoff (injected delay and clock), error wrapping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../model/kube-object.js';
import { KubeApiError } from './api-error.js';
import type { KubeList, WatchEvent } from './client.js';
import { ListWatch, ListWatchError, type ListWatchApi, type ListWatchHandler } from './list-watch.js';

const cm = (name: string, rv: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', resourceVersion: rv },
});
const gone = (): KubeApiError =>
  KubeApiError.fromStatus('WATCH', '/api/v1/configmaps', 410, {
    reason: 'Expired',
    message: 'too old resource version',
  });
const boom = (): Error => new Error('connection reset');

/** One scripted watch connection: events, then how it ends ('hang' = until the loop stops). */
interface WatchStep {
  events?: WatchEvent[];
  end: 'close' | 'hang' | Error;
  /** Fake milliseconds the connection lasts. */
  lastsMs?: number;
}

class FakeApi implements ListWatchApi {
  readonly listCalls: { continue?: string }[] = [];
  readonly watchFrom: string[] = [];
  constructor(
    private readonly lists: KubeList[][],
    private readonly steps: WatchStep[],
    private readonly clock: { t: number },
  ) {}
  async list(opts: { limit: number; continue?: string }): Promise<KubeList> {
    this.listCalls.push(opts.continue === undefined ? {} : { continue: opts.continue });
    const pages = this.lists[0];
    if (!pages) throw new Error('no more lists scripted');
    const page = opts.continue ? pages[Number(opts.continue)] : pages[0];
    if (!page) throw new Error(`no page ${opts.continue}`);
    if (!page.metadata.continue) this.lists.shift();
    return page;
  }
  async *watch(opts: { resourceVersion: string; signal: AbortSignal }): AsyncGenerator<WatchEvent> {
    this.watchFrom.push(opts.resourceVersion);
    const step = this.steps.shift() ?? { end: 'hang' as const };
    this.clock.t += step.lastsMs ?? 0;
    for (const ev of step.events ?? []) yield ev;
    if (step.end instanceof Error) throw step.end;
    if (step.end === 'hang') {
      await new Promise<void>((resolve) =>
        opts.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    }
  }
}

function recorder(): ListWatchHandler & { log: string[]; errors: ListWatchError[] } {
  const log: string[] = [];
  const errors: ListWatchError[] = [];
  return {
    log,
    errors,
    replace: (items, rv) => log.push(`replace ${items.map((i) => i.metadata.name).join(',')} @${rv}`),
    event: (type, obj) => log.push(`${type} ${obj.metadata.name ?? ''}`),
    error: (err) => errors.push(err),
  };
}

function page(items: KubeObject[], rv: string, cont?: string): KubeList {
  return { metadata: { resourceVersion: rv, ...(cont ? { continue: cont } : {}) }, items };
}

/** Runs until `done` holds (checked after every delay or at most 200 turns of the event loop). */
async function runUntil(lw: ListWatch, done: () => boolean): Promise<void> {
  lw.start();
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setImmediate(r));
  await lw.stop();
  assert.ok(done(), 'condition not reached');
}

test('pages the list, then watches from its resourceVersion', async () => {
  const clock = { t: 0 };
  const api = new FakeApi(
    [[page([cm('a', '5')], '10', '1'), page([cm('b', '6')], '10')]],
    [
      {
        events: [
          { type: 'ADDED', object: cm('c', '11') },
          { type: 'BOOKMARK', object: cm('', '15') },
        ],
        end: 'close',
        lastsMs: 5000,
      },
    ],
    clock,
  );
  const h = recorder();
  const delays: number[] = [];
  const lw = new ListWatch({
    name: 'configmaps',
    api,
    handler: h,
    delay: async (ms) => void delays.push(ms),
    now: () => clock.t,
    random: () => 0,
  });
  await runUntil(lw, () => api.watchFrom.length >= 2);
  await lw.synced;
  assert.deepEqual(h.log, ['replace a,b @10', 'ADDED c']);
  assert.deepEqual(api.listCalls, [{}, { continue: '1' }]);
  // The second watch resumes from the bookmark's version, with no delay after a healthy watch.
  assert.deepEqual(api.watchFrom, ['10', '15']);
  assert.deepEqual(delays, []);
});

test('410 Gone re-lists at once and resumes from the new list', async () => {
  const clock = { t: 0 };
  const api = new FakeApi(
    [[page([cm('a', '5')], '10')], [page([cm('a', '20'), cm('b', '21')], '30')]],
    [{ events: [{ type: 'MODIFIED', object: cm('a', '12') }], end: gone() }],
    clock,
  );
  const h = recorder();
  const delays: number[] = [];
  const lw = new ListWatch({
    name: 'configmaps',
    api,
    handler: h,
    delay: async (ms) => void delays.push(ms),
    now: () => clock.t,
    random: () => 0,
  });
  await runUntil(lw, () => api.watchFrom.length >= 2);
  assert.deepEqual(h.log, ['replace a @10', 'MODIFIED a', 'replace a,b @30']);
  assert.deepEqual(api.watchFrom, ['10', '30']);
  assert.deepEqual(delays, [], 'a single 410 is not a failure');
  assert.equal(lw.counters.gone, 1);
  assert.equal(lw.resourceVersion, '30');
});

test('errors back off exponentially, capped, and reset after a healthy watch', async () => {
  const clock = { t: 0 };
  const steps: WatchStep[] = [boom(), boom(), boom(), boom(), boom()].map((e) => ({ end: e }));
  steps.push({ end: 'close', lastsMs: 120_000 }, { end: boom() });
  const api = new FakeApi([[page([], '1')]], steps, clock);
  const h = recorder();
  const delays: number[] = [];
  const lw = new ListWatch({
    name: 'configmaps',
    api,
    handler: h,
    backoff: { initialMs: 100, maxMs: 1000, factor: 2, resetAfterMs: 60_000 },
    delay: async (ms) => void delays.push(ms),
    now: () => clock.t,
    random: () => 0,
  });
  await runUntil(lw, () => delays.length >= 6);
  assert.deepEqual(delays, [100, 200, 400, 800, 1000, 100]);
  // Errors on a watch never re-list: they resume from the last version.
  assert.equal(api.listCalls.length, 1);
  assert.ok(api.watchFrom.every((rv) => rv === '1'));
  const first = h.errors[0];
  assert.ok(first instanceof ListWatchError);
  assert.equal(first.phase, 'watch');
  assert.match(first.message, /watch configmaps failed: connection reset/);
  assert.equal((first.cause as Error).message, 'connection reset');
});

test('a failing list backs off and retries; synced waits for the first good list', async () => {
  const clock = { t: 0 };
  const api = new FakeApi([], [], clock);
  const lists = [new Error('503'), new Error('503')];
  api.list = async () => {
    const e = lists.shift();
    if (e) throw e;
    return page([cm('x', '3')], '3');
  };
  const h = recorder();
  const delays: number[] = [];
  let synced = false;
  const lw = new ListWatch({
    name: 'configmaps',
    api,
    handler: h,
    delay: async (ms) => void delays.push(ms),
    now: () => clock.t,
    random: () => 0,
  });
  void lw.synced.then(() => (synced = true));
  await runUntil(lw, () => synced);
  assert.deepEqual(delays, [500, 1000]);
  assert.deepEqual(
    h.errors.map((e) => e.phase),
    ['list', 'list'],
  );
  assert.deepEqual(h.log, ['replace x @3']);
});

test('repeated 410s back off instead of spinning; jitter adds at most its fraction', async () => {
  const clock = { t: 0 };
  const api = new FakeApi(
    [[page([], '1')], [page([], '2')], [page([], '3')]],
    [{ end: gone() }, { end: gone() }, { end: 'hang' }],
    clock,
  );
  const delays: number[] = [];
  const lw = new ListWatch({
    name: 'configmaps',
    api,
    handler: recorder(),
    delay: async (ms) => void delays.push(ms),
    now: () => clock.t,
    random: () => 1,
  });
  await runUntil(lw, () => api.watchFrom.length >= 3);
  assert.deepEqual(api.watchFrom, ['1', '2', '3']);
  assert.deepEqual(delays, [600], 'second consecutive 410 waits initialMs * (1 + jitter)');
});

test('a watch the server closes at once without events counts as a failure', async () => {
  const clock = { t: 0 };
  const api = new FakeApi([[page([], '1')]], [{ end: 'close' }, { end: 'close' }], clock);
  const delays: number[] = [];
  const lw = new ListWatch({
    name: 'configmaps',
    api,
    handler: recorder(),
    delay: async (ms) => void delays.push(ms),
    now: () => clock.t,
    random: () => 0,
  });
  await runUntil(lw, () => api.watchFrom.length >= 3);
  assert.deepEqual(delays, [500, 1000]);
});

test('stop() ends a hanging watch and the loop', async () => {
  const clock = { t: 0 };
  const api = new FakeApi([[page([], '1')]], [{ end: 'hang' }], clock);
  const lw = new ListWatch({ name: 'configmaps', api, handler: recorder(), now: () => clock.t });
  lw.start();
  await lw.synced;
  await lw.stop();
  assert.equal(lw.counters.watches, 1);
});
