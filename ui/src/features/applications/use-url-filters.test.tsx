import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { RouterProvider } from '../../app/router.tsx';
import type { AppFilters } from '../../lib/filters.ts';
import { useUrlFilters } from './use-url-filters.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let current: [AppFilters, (p: Partial<AppFilters>) => void] | undefined;
function Probe() {
  current = useUrlFilters();
  return <span data-testid="q">{current[0].search}</span>;
}

function mount(): { container: HTMLElement; unmount: () => void } {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <RouterProvider>
        <Probe />
      </RouterProvider>,
    ),
  );
  return { container, unmount: () => act(() => root.unmount()) };
}

afterEach(() => window.history.replaceState(null, '', '/'));

describe('useUrlFilters', () => {
  it('reads the filters from the URL', () => {
    window.history.replaceState(null, '', '/applications?sync=OutOfSync&q=guest');
    const m = mount();
    expect(current?.[0]).toMatchObject({ sync: ['OutOfSync'], search: 'guest' });
    expect(m.container.textContent).toBe('guest');
    m.unmount();
  });

  it('writes changes to the URL without adding history entries, and re-renders', () => {
    window.history.replaceState(null, '', '/applications');
    const before = window.history.length;
    const m = mount();
    act(() => current?.[1]({ health: ['Degraded'], search: 'pay' }));
    expect(window.location.pathname).toBe('/applications');
    expect(window.location.search).toBe('?health=Degraded&q=pay');
    expect(window.history.length).toBe(before);
    expect(m.container.textContent).toBe('pay');
    act(() => current?.[1]({ health: [] }));
    expect(window.location.search).toBe('?q=pay');
    m.unmount();
  });

  it('follows Back/Forward (popstate)', () => {
    window.history.replaceState(null, '', '/applications');
    const m = mount();
    act(() => {
      window.history.pushState(null, '', '/applications?q=from-history');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(current?.[0].search).toBe('from-history');
    m.unmount();
  });
});
