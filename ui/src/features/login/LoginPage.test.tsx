// The login page against a fake API: "Log in via <name>" when the server has SSO (returning to the page
// the user was on), only the local form when it has none.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../api/client.ts';
import { SessionProvider } from '../../state/session.tsx';
import { LoginPage } from './LoginPage.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function fakeFetch(settings: unknown) {
  return async (url: string) => {
    const ok = (v: unknown) => new Response(JSON.stringify(v), { status: 200 });
    if (url === '/api/v1/session/userinfo') return ok({ loggedIn: false });
    if (url === '/api/v1/settings') return ok(settings);
    return new Response('{}', { status: 404 });
  };
}

async function renderLogin(settings: unknown): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  await act(async () => {
    root.render(
      <SessionProvider api={new ApiClient({ fetch: fakeFetch(settings) })}>
        <LoginPage />
      </SessionProvider>,
    );
  });
  for (let i = 0; i < 5; i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
  return container;
}

afterEach(() => document.body.replaceChildren());

describe('LoginPage', () => {
  it('offers the SSO provider by name, returning to the current page', async () => {
    window.history.replaceState(null, '', '/applications/web?tab=tree');
    const page = await renderLogin({
      url: 'https://cd',
      oidcConfig: { name: 'Okta', issuer: 'https://idp' },
    });
    const link = page.querySelector<HTMLAnchorElement>('a.login-sso');
    expect(link?.textContent).toBe('Log in via Okta');
    expect(link?.getAttribute('href')).toBe(
      `/auth/login?return_url=${encodeURIComponent('/applications/web?tab=tree')}`,
    );
    expect(page.querySelector('#password')).not.toBeNull();
  });

  it('shows only the local form without SSO', async () => {
    const page = await renderLogin({ url: '' });
    expect(page.querySelector('a.login-sso')).toBeNull();
    expect(page.textContent).toContain('Sign in');
  });
});
