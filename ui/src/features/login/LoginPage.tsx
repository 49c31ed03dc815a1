// Sign-in through the configured SSO provider or with a local account; says plainly when the previous session expired or the API is unreachable.
import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../../api/errors.ts';
import { useSession } from '../../state/session.tsx';

/** The server's SSO login, returning to the page the user was on. */
function ssoHref(): string {
  return `/auth/login?return_url=${encodeURIComponent(window.location.pathname + window.location.search)}`;
}

export function LoginPage() {
  const { api, login, status, error: sessionError } = useSession();
  const [sso, setSso] = useState<string>();
  useEffect(() => {
    let live = true;
    api
      .settings()
      .then((s) => live && setSso(s.oidcConfig?.name))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(username, password);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <div className="brand brand-big">
          <span className="brand-mark" aria-hidden="true" />
          Driftless
        </div>
        <h1 id="login-title">Sign in</h1>
        {status === 'expired' && (
          <p className="notice notice-warn" role="alert">
            Your session expired. Sign in again to continue where you were.
          </p>
        )}
        {status === 'unreachable' && (
          <p className="notice notice-error" role="alert">
            The Driftless API is not reachable: {sessionError}
          </p>
        )}
        {sso && (
          <>
            <a className="btn btn-primary login-sso" href={ssoHref()}>
              Log in via {sso}
            </a>
            <p className="login-or">or with a local account</p>
          </>
        )}
        <label htmlFor="username">Username</label>
        <input
          id="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          autoFocus={!sso}
        />
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
