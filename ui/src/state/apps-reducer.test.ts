import { describe, expect, it } from 'vitest';
import type { Application } from '../api/types.ts';
import { appsReducer, initialAppsState, type AppsState } from './apps-reducer.ts';
import { isNewerVersion } from './resource-version.ts';

function app(name: string, rv: string, sync: 'Synced' | 'OutOfSync' = 'Synced'): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, resourceVersion: rv },
    spec: { project: 'default', destination: {} },
    status: { sync: { status: sync } },
  };
}
const page = (s: AppsState, items: Application[], done = true): AppsState =>
  appsReducer(s, { type: 'list-page', items, remaining: undefined, done });

describe('isNewerVersion', () => {
  it('compares numeric versions as numbers, not strings', () => {
    expect(isNewerVersion('10', '9')).toBe(true);
    expect(isNewerVersion('9', '10')).toBe(false);
    expect(isNewerVersion('10', '10')).toBe(false);
    expect(isNewerVersion('5', undefined)).toBe(true);
  });
  it('treats opaque versions as newer only when different', () => {
    expect(isNewerVersion('abc', 'abd')).toBe(true);
    expect(isNewerVersion('abc', 'abc')).toBe(false);
  });
});

describe('appsReducer', () => {
  it('keeps the newer of a list page item and a watch event, whichever came first', () => {
    let s = page(initialAppsState, [app('a', '1'), app('b', '1')]);
    s = appsReducer(s, {
      type: 'events',
      events: [{ type: 'MODIFIED', application: app('a', '2', 'OutOfSync') }],
    });
    // A page fetched before the event cannot put the older app back.
    s = page(s, [app('a', '1')]);
    expect(s.byName.get('a')?.status?.sync?.status).toBe('OutOfSync');
    s = page(s, [app('a', '3')]);
    expect(s.byName.get('a')?.metadata.resourceVersion).toBe('3');
  });
  it('loads list pages and stops loading on the last', () => {
    let s = appsReducer(initialAppsState, { type: 'list-started' });
    s = appsReducer(s, { type: 'list-page', items: [app('a', '1')], remaining: 1, done: false });
    expect(s.loading).toBe(true);
    expect(s.remaining).toBe(1);
    s = page(s, [app('b', '2')]);
    expect(s.loading).toBe(false);
    expect([...s.byName.keys()]).toEqual(['a', 'b']);
  });

  it('applies a newer MODIFIED event', () => {
    let s = page(initialAppsState, [app('a', '5')]);
    s = appsReducer(s, {
      type: 'events',
      events: [{ type: 'MODIFIED', application: app('a', '6', 'OutOfSync') }],
    });
    expect(s.byName.get('a')?.status?.sync?.status).toBe('OutOfSync');
  });

  it('ignores a stale MODIFIED event and returns the same state object', () => {
    const s = page(initialAppsState, [app('a', '7', 'OutOfSync')]);
    const next = appsReducer(s, {
      type: 'events',
      events: [{ type: 'MODIFIED', application: app('a', '6') }],
    });
    expect(next).toBe(s);
    expect(next.byName.get('a')?.status?.sync?.status).toBe('OutOfSync');
  });

  it('does not let a list page older than a watch event overwrite it', () => {
    let s = appsReducer(initialAppsState, {
      type: 'events',
      events: [{ type: 'MODIFIED', application: app('a', '9', 'OutOfSync') }],
    });
    s = page(s, [app('a', '8')]);
    expect(s.byName.get('a')?.metadata.resourceVersion).toBe('9');
  });

  it('does not let a list page resurrect an app deleted while paging', () => {
    let s = appsReducer(initialAppsState, {
      type: 'events',
      events: [{ type: 'DELETED', application: app('a', '10') }],
    });
    s = page(s, [app('a', '9')]);
    expect(s.byName.has('a')).toBe(false);
    s = appsReducer(s, { type: 'events', events: [{ type: 'ADDED', application: app('a', '11') }] });
    expect(s.byName.get('a')?.metadata.resourceVersion).toBe('11');
  });

  it('ignores a DELETED event older than the app it holds (re-created since)', () => {
    const s = page(initialAppsState, [app('a', '20')]);
    const next = appsReducer(s, {
      type: 'events',
      events: [{ type: 'DELETED', application: app('a', '15') }],
    });
    expect(next.byName.has('a')).toBe(true);
  });

  it('copies the map once per batch, not once per event', () => {
    const s = page(initialAppsState, [app('a', '1'), app('b', '1')]);
    const next = appsReducer(s, {
      type: 'events',
      events: [
        { type: 'MODIFIED', application: app('a', '2') },
        { type: 'MODIFIED', application: app('b', '2') },
        { type: 'DELETED', application: app('a', '3') },
      ],
    });
    expect([...next.byName.keys()]).toEqual(['b']);
    expect(s.byName.size).toBe(2);
  });
});
