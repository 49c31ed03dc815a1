// Page frame: skip link, top bar with navigation, theme switch and sign-out; the page in <main>.
import type { ReactNode } from 'react';
import { useSession } from '../state/session.tsx';
import { useApplications } from '../state/applications-store.tsx';
import { Link, useRouter } from './router.tsx';
import { useTheme } from './theme.ts';

const NAV: [string, string][] = [
  ['/applications', 'Applications'],
  ['/applicationsets', 'ApplicationSets'],
  ['/settings/projects', 'Projects'],
  ['/settings/repositories', 'Repositories'],
  ['/settings/clusters', 'Clusters'],
  ['/settings/accounts', 'Accounts'],
];

export function Layout({ children }: { children: ReactNode }) {
  const { username, logout } = useSession();
  const { stream } = useApplications();
  const { loc } = useRouter();
  const { theme, toggle } = useTheme();
  const active = (to: string) =>
    to === '/applications'
      ? loc.pathname === '/' || loc.pathname === to || loc.pathname.startsWith(`${to}/`)
      : loc.pathname.startsWith(to);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/applications" className="brand" title="Driftless home">
          <span className="brand-mark" aria-hidden="true" />
          Driftless
        </Link>
        <nav aria-label="Main" className="mainnav">
          {NAV.map(([to, label]) => (
            <Link key={to} to={to} aria-current={active(to) ? 'page' : undefined}>
              {label}
            </Link>
          ))}
        </nav>
        <div className="topbar-right">
          <span className={`stream stream-${stream}`} role="status" title="Live updates from the server">
            <span className="dot" aria-hidden="true" />
            {stream === 'live' ? 'Live' : stream === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </span>
          <button
            type="button"
            className="btn-ghost"
            onClick={toggle}
            aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          >
            {theme === 'dark' ? '☀' : '☾'}
          </button>
          <span className="user" title="Signed in as">
            {username}
          </span>
          <button type="button" className="btn-ghost" onClick={() => void logout()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
