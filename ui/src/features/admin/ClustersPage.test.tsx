// The Clusters page against a fake API: each cluster with its connection state, apps count, cache
// figures and labels; a failed cluster shows why; Refresh asks again.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../api/client.ts';
import type { Cluster } from '../../api/types.ts';
import { SessionProvider } from '../../state/session.tsx';
import { actUntil } from '../../test-support/act-until.ts';
import ClustersPage from './ClustersPage.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function fakeServer(clusters: Cluster[]) {
  let lists = 0;
  const fetch = async (url: string) => {
    const ok = (v: unknown) => new Response(JSON.stringify(v), { status: 200 });
    if (url.startsWith('/api/v1/session/userinfo')) return ok({ loggedIn: true, username: 'admin' });
    if (url === '/api/v1/clusters') {
      lists++;
      return ok({ items: clusters });
    }
    return new Response('{}', { status: 404 });
  };
  return { fetch, lists: () => lists };
}

afterEach(() => document.body.replaceChildren());

describe('ClustersPage', () => {
  it('shows connection state, apps, cached resources and labels per cluster', async () => {
    const server = fakeServer([
      {
        server: 'https://10.0.0.1:6443',
        name: 'production',
        labels: { env: 'production' },
        project: 'platform',
        info: {
          serverVersion: 'v1.31.0',
          applicationsCount: 3,
          connectionState: { status: 'Successful', message: '' },
          cacheInfo: { resourcesCount: 412, lastCacheSyncTime: new Date().toISOString() },
        },
      },
      {
        server: 'https://10.0.0.2:6443',
        name: 'staging',
        info: {
          applicationsCount: 1,
          connectionState: { status: 'Failed', message: 'connect ECONNREFUSED 10.0.0.2:6443' },
          cacheInfo: { resourcesCount: 0 },
        },
      },
    ]);
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    act(() =>
      root.render(
        <SessionProvider api={new ApiClient({ fetch: server.fetch })}>
          <ClustersPage />
        </SessionProvider>,
      ),
    );
    await actUntil(() => expect(container.querySelectorAll('tbody tr')).toHaveLength(2));
    const rows = [...container.querySelectorAll('tbody tr')].map((r) => r.textContent ?? '');
    expect(rows[0]).toContain('production');
    expect(rows[0]).toContain('v1.31.0');
    expect(rows[0]).toContain('Successful');
    expect(rows[0]).toContain('412');
    expect(rows[0]).toContain('env=production');
    expect(rows[0]).toContain('platform');
    expect(rows[1]).toContain('Failed: connect ECONNREFUSED 10.0.0.2:6443');
    const before = server.lists();
    const refresh = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Refresh');
    act(() => refresh?.click());
    await actUntil(() => expect(server.lists()).toBe(before + 1));
    act(() => root.unmount());
  });
});
