// The Repositories page against a fake API: connection state shown, "Test" re-probes, "Connect"
// posts only the chosen method's fields and shows a refusal, "Remove" deletes the right one.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../api/client.ts';
import type { Repository } from '../../api/types.ts';
import { SessionProvider } from '../../state/session.tsx';
import { actUntil } from '../../test-support/act-until.ts';
import RepositoriesPage from './RepositoriesPage.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

interface Call {
  method: string;
  url: string;
  body: unknown;
}

function fakeServer(repos: Repository[]) {
  const calls: Call[] = [];
  let refuse: string | undefined;
  const fetch = async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const body: unknown = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url, body });
    const ok = (v: unknown) => new Response(JSON.stringify(v), { status: 200 });
    if (url.startsWith('/api/v1/session/userinfo')) return ok({ loggedIn: true, username: 'admin' });
    if (method === 'GET' && url === '/api/v1/repositories') return ok({ items: repos });
    if (method === 'GET' && url === '/api/v1/repocreds') return ok({ items: [] });
    if (method === 'GET' && url.startsWith('/api/v1/repositories/')) {
      const r = repos.find((x) => url.includes(encodeURIComponent(x.repo)));
      return ok({ ...r, connectionState: { status: 'Successful', message: '' } });
    }
    if (method === 'POST' && url === '/api/v1/repositories') {
      if (refuse) {
        const message = refuse;
        refuse = undefined;
        return new Response(JSON.stringify({ error: message, message, code: 3 }), { status: 400 });
      }
      const b = body as Repository;
      repos.push({ repo: b.repo, type: 'git', connectionState: { status: 'Successful', message: '' } });
      return ok(b);
    }
    if (method === 'DELETE') {
      repos.splice(0, repos.length, ...repos.filter((r) => !url.includes(encodeURIComponent(r.repo))));
      return ok({});
    }
    return new Response('{}', { status: 404 });
  };
  return { calls, fetch, refuseNext: (m: string) => (refuse = m) };
}

async function mount(server: ReturnType<typeof fakeServer>) {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const api = new ApiClient({ fetch: server.fetch });
  act(() =>
    root.render(
      <SessionProvider api={api}>
        <RepositoriesPage />
      </SessionProvider>,
    ),
  );
  await actUntil(() => {
    if (!server.calls.some((c) => c.url === '/api/v1/repositories')) throw new Error('list not asked yet');
    expect(container.textContent).toMatch(/No repositories|git\.example\.com/);
  });
  return { container, unmount: () => act(() => root.unmount()) };
}

const button = (root: HTMLElement, text: string) => {
  const b = [...root.querySelectorAll('button')].find((x) => x.textContent?.trim() === text);
  if (!b) throw new Error(`no button ${text}: ${root.textContent}`);
  return b;
};

function type(input: HTMLInputElement | HTMLTextAreaElement | null, value: string) {
  if (!input) throw new Error('no such field');
  const proto =
    input instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(input, value);
  act(() => {
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

afterEach(() => document.body.replaceChildren());

describe('RepositoriesPage', () => {
  it('shows each repository with its connection state and message', async () => {
    const server = fakeServer([
      {
        repo: 'https://git.example.com/ok.git',
        type: 'git',
        connectionState: { status: 'Successful', message: '' },
      },
      {
        repo: 'https://git.example.com/locked.git',
        project: 'team-a',
        connectionState: { status: 'Failed', message: 'git ls-remote failed: Authentication failed' },
      },
    ]);
    const m = await mount(server);
    expect(m.container.textContent).toContain('https://git.example.com/ok.git');
    expect(m.container.textContent).toContain('Failed: git ls-remote failed: Authentication failed');
    expect(m.container.textContent).toContain('team-a');
    m.unmount();
  });

  it('tests a repository again and shows the fresh state', async () => {
    const server = fakeServer([
      {
        repo: 'https://git.example.com/x.git',
        project: 'p',
        connectionState: { status: 'Failed', message: 'down' },
      },
    ]);
    const m = await mount(server);
    act(() => button(m.container, 'Test').click());
    await actUntil(() => {
      const probe = server.calls.find((c) => c.url.startsWith('/api/v1/repositories/'));
      expect(probe?.url).toBe(
        `/api/v1/repositories/${encodeURIComponent('https://git.example.com/x.git')}?forceRefresh=true&appProject=p`,
      );
      expect(m.container.textContent).toContain('Successful');
      expect(m.container.textContent).not.toContain('down');
    });
    m.unmount();
  });

  it('connects a repository, showing the refusal first and sending only the chosen method', async () => {
    const server = fakeServer([]);
    const m = await mount(server);
    act(() => button(m.container, 'Connect repository').click());
    await actUntil(() => expect(document.querySelector('#repo-repo')).not.toBeNull());
    type(document.querySelector<HTMLInputElement>('#repo-repo'), 'https://git.example.com/private.git');
    type(document.querySelector<HTMLInputElement>('#repo-username'), 'alice');
    type(document.querySelector<HTMLInputElement>('#repo-password'), 'wrong');
    server.refuseNext(
      'cannot connect to repository https://git.example.com/private.git: Authentication failed',
    );
    act(() => button(document.body, 'Connect').click());
    await actUntil(() =>
      expect(document.querySelector('[role=alert]')?.textContent).toContain('Authentication failed'),
    );
    type(document.querySelector<HTMLInputElement>('#repo-password'), 's3cret');
    act(() => button(document.body, 'Connect').click());
    await actUntil(() => {
      const posts = server.calls.filter((c) => c.method === 'POST');
      expect(posts.at(-1)?.body).toEqual({
        repo: 'https://git.example.com/private.git',
        type: 'git',
        username: 'alice',
        password: 's3cret',
      });
      expect(document.querySelector('dialog')).toBeNull();
      expect(m.container.textContent).toContain('https://git.example.com/private.git');
    });
    m.unmount();
  });

  it('removes a repository after confirmation', async () => {
    const server = fakeServer([
      { repo: 'https://git.example.com/old.git', connectionState: { status: 'Successful', message: '' } },
    ]);
    const m = await mount(server);
    act(() => button(m.container, 'Remove').click());
    await actUntil(() => expect(document.querySelector('dialog')).not.toBeNull());
    act(() => button(document.querySelector('dialog') ?? document.body, 'Remove').click());
    await actUntil(() => {
      expect(
        server.calls.some(
          (c) =>
            c.method === 'DELETE' && c.url.includes(encodeURIComponent('https://git.example.com/old.git')),
        ),
      ).toBe(true);
      expect(m.container.textContent).toContain('No repositories');
    });
    m.unmount();
  });
});
