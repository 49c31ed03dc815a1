// Session: who is signed in, sign in/out, and "your session expired" when any call comes back 401.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiClient } from '../api/client.ts';
import { errorText } from '../api/errors.ts';

export type SessionStatus = 'checking' | 'anonymous' | 'expired' | 'authenticated' | 'unreachable';

interface SessionValue {
  api: ApiClient;
  status: SessionStatus;
  username: string | undefined;
  error: string | undefined;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  recheck: () => void;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

export function SessionProvider({ children, api: given }: { children: ReactNode; api?: ApiClient }) {
  const api = useMemo(() => given ?? new ApiClient(), [given]);
  const [status, setStatus] = useState<SessionStatus>('checking');
  const [username, setUsername] = useState<string>();
  const [error, setError] = useState<string>();
  /** Signed in through SSO: logging out also ends the provider's session (/auth/logout). */
  const [viaSso, setViaSso] = useState(false);
  const [checks, setChecks] = useState(0);

  useEffect(() => {
    api.onUnauthenticated = () => setStatus((s) => (s === 'authenticated' ? 'expired' : s));
  }, [api]);

  useEffect(() => {
    let live = true;
    api
      .userInfo()
      .then((u) => {
        if (!live) return;
        setUsername(u.username);
        setViaSso(u.loggedIn && u.iss !== undefined && u.iss !== 'argocd');
        setStatus(u.loggedIn ? 'authenticated' : 'anonymous');
      })
      .catch((e: unknown) => {
        if (!live) return;
        const msg = errorText(e);
        setError(msg);
        setStatus(msg.startsWith('Cannot reach') ? 'unreachable' : 'anonymous');
      });
    return () => {
      live = false;
    };
  }, [api, checks]);

  const login = useCallback(
    async (user: string, password: string) => {
      const { token } = await api.login(user, password);
      api.setToken(token);
      setUsername(user);
      setError(undefined);
      setStatus('authenticated');
    },
    [api],
  );

  const logout = useCallback(async () => {
    // SSO: the server's /auth/logout clears every session cookie, revokes the provider's refresh token
    // (it needs that cookie, so the API's logout must not clear it first) and ends the provider's session.
    if (viaSso) return window.location.assign('/auth/logout');
    try {
      await api.logout();
    } catch {
      // the cookie may already be gone; signing out locally is what matters
    }
    api.setToken(undefined);
    setUsername(undefined);
    setStatus('anonymous');
  }, [api, viaSso]);

  const recheck = useCallback(() => setChecks((c) => c + 1), []);
  const value = useMemo(
    () => ({ api, status, username, error, login, logout, recheck }),
    [api, status, username, error, login, logout, recheck],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

export function useApi(): ApiClient {
  return useSession().api;
}
