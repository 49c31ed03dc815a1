// A small history-API router: the current location as state, and navigate(). Paths stay real URLs.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
  type MouseEvent,
} from 'react';

export interface Loc {
  pathname: string;
  search: string;
}
interface RouterValue {
  loc: Loc;
  navigate: (to: string, opts?: { replace?: boolean }) => void;
}
const RouterContext = createContext<RouterValue | undefined>(undefined);

const current = (): Loc => ({ pathname: window.location.pathname, search: window.location.search });

export function RouterProvider({ children }: { children: ReactNode }) {
  const [loc, setLoc] = useState<Loc>(current);
  useEffect(() => {
    const onPop = () => setLoc(current());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, opts?: { replace?: boolean }) => {
    if (to === window.location.pathname + window.location.search) return;
    if (opts?.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    setLoc(current());
  }, []);
  const value = useMemo(() => ({ loc, navigate }), [loc, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const v = useContext(RouterContext);
  if (!v) throw new Error('useRouter outside RouterProvider');
  return v;
}

/** Matches `/applications/:name` style patterns; returns the decoded params or undefined. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const p = pattern.split('/').filter(Boolean);
  const s = pathname.split('/').filter(Boolean);
  if (p.length !== s.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const pp = p[i] ?? '';
    const ss = s[i] ?? '';
    if (pp.startsWith(':')) params[pp.slice(1)] = decodeURIComponent(ss);
    else if (pp !== ss) return undefined;
  }
  return params;
}

interface LinkProps {
  to: string;
  children: ReactNode;
  className?: string;
  'aria-current'?: 'page' | undefined;
  title?: string;
  /** Marks the link as the focus target of its virtual-list item. */
  focusKey?: boolean;
}
/** An anchor that navigates in-app on a plain click, and behaves like a link otherwise (new tab, copy). */
export function Link({ to, children, focusKey, ...rest }: LinkProps) {
  const { navigate } = useRouter();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} data-focus={focusKey ? '' : undefined} {...rest}>
      {children}
    </a>
  );
}
