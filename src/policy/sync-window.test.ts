// Sync windows: cron parsing and matching, durations, time zones, and Argo CD's allow/deny decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppProject } from '../model/index.js';
import { parseCron } from './sync-window-cron.js';
import { checkSyncWindows, parseDuration, windowActive, type SyncWindow } from './sync-window.js';

const at = (iso: string) => Date.parse(iso);
const win = (w: Partial<SyncWindow>): SyncWindow => ({
  kind: 'deny',
  schedule: '0 22 * * *',
  duration: '1h',
  applications: ['*'],
  ...w,
});
const project = (windows: SyncWindow[]): AppProject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: { name: 'p' },
  spec: { syncWindows: windows },
});
const target = { app: 'web', namespace: 'prod', server: 'https://kubernetes.default.svc' };

test('cron fields: ranges, steps, lists, names, descriptors', () => {
  const c = parseCron('*/15 9-17 * jan-mar mon,wed,fri');
  assert.ok(c.ok);
  assert.deepEqual([...c.schedule.minutes], [0, 15, 30, 45]);
  assert.deepEqual([...c.schedule.months], [1, 2, 3]);
  assert.deepEqual([...c.schedule.weekdays].sort(), [1, 3, 5]);
  const d = parseCron('@daily');
  assert.ok(d.ok && d.schedule.hours.has(0) && d.schedule.hours.size === 1);
  const sunday = parseCron('0 0 * * 7');
  assert.ok(sunday.ok && sunday.schedule.weekdays.has(0));
  assert.equal(parseCron('61 * * * *').ok, false);
  assert.equal(parseCron('* * *').ok, false);
  assert.equal(parseCron('*/0 * * * *').ok, false);
});

test('durations are Go durations', () => {
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('1 hour'), undefined);
});

test('a window is active from its schedule for its duration', () => {
  const w = win({});
  assert.deepEqual(windowActive(w, at('2024-05-01T21:59:00Z')), { active: false });
  assert.deepEqual(windowActive(w, at('2024-05-01T22:00:00Z')), { active: true });
  assert.deepEqual(windowActive(w, at('2024-05-01T22:59:59Z')), { active: true });
  assert.deepEqual(windowActive(w, at('2024-05-01T23:00:00Z')), { active: false });
});

test('a window crossing midnight stays active into the next day', () => {
  const w = win({ schedule: '30 23 * * *', duration: '2h' });
  assert.deepEqual(windowActive(w, at('2024-05-02T01:15:00Z')), { active: true });
  assert.deepEqual(windowActive(w, at('2024-05-02T01:31:00Z')), { active: false });
});

test('the schedule is read in the window time zone', () => {
  // 22:00 in New York (EDT, UTC-4) is 02:00 UTC the next day
  const w = win({ timeZone: 'America/New_York' });
  assert.deepEqual(windowActive(w, at('2024-05-01T22:30:00Z')), { active: false });
  assert.deepEqual(windowActive(w, at('2024-05-02T02:30:00Z')), { active: true });
  // in winter (EST, UTC-5) it is 03:00 UTC
  assert.deepEqual(windowActive(w, at('2024-01-11T02:30:00Z')), { active: false });
  assert.deepEqual(windowActive(w, at('2024-01-11T03:30:00Z')), { active: true });
  assert.ok('error' in windowActive(win({ timeZone: 'Mars/Olympus' }), 0));
});

test('an active deny window blocks and names itself', () => {
  const d = checkSyncWindows(project([win({})]), target, { manual: true, nowMs: at('2024-05-01T22:10:00Z') });
  assert.equal(d.allowed, false);
  assert.match(d.allowed ? '' : d.reason, /deny window "0 22 \* \* \*" for 1h/);
});

test('manualSync lets a manual sync through a deny window, never an automated one', () => {
  const p = project([win({ manualSync: true })]);
  const now = at('2024-05-01T22:10:00Z');
  assert.equal(checkSyncWindows(p, target, { manual: true, nowMs: now }).allowed, true);
  assert.equal(checkSyncWindows(p, target, { manual: false, nowMs: now }).allowed, false);
});

test('allow windows: inside permits, outside blocks, deny beats allow', () => {
  const allow = win({ kind: 'allow', schedule: '0 9 * * 1-5', duration: '8h' });
  const p = project([allow]);
  assert.equal(
    checkSyncWindows(p, target, { manual: false, nowMs: at('2024-05-01T10:00:00Z') }).allowed,
    true,
  );
  assert.equal(
    checkSyncWindows(p, target, { manual: false, nowMs: at('2024-05-01T18:00:00Z') }).allowed,
    false,
  );
  assert.equal(
    checkSyncWindows(p, target, { manual: false, nowMs: at('2024-05-04T10:00:00Z') }).allowed,
    false,
  );
  const both = project([allow, win({ schedule: '0 10 * * *' })]);
  assert.equal(
    checkSyncWindows(both, target, { manual: false, nowMs: at('2024-05-01T10:30:00Z') }).allowed,
    false,
  );
});

test('windows match by application, namespace or cluster glob; unmatched windows do not apply', () => {
  const now = at('2024-05-01T22:10:00Z');
  const only = (w: Partial<SyncWindow>) =>
    checkSyncWindows(project([win({ applications: [], ...w })]), target, { manual: false, nowMs: now })
      .allowed;
  assert.equal(only({ applications: ['other'] }), true);
  assert.equal(only({ applications: ['w*'] }), false);
  assert.equal(only({ namespaces: ['prod'] }), false);
  assert.equal(only({ clusters: ['https://kubernetes.default.svc'] }), false);
  assert.equal(only({}), true);
});
