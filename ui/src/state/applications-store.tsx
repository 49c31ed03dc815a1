// The cached list of Applications: paged from the API, then kept live by the SSE stream through the reducer.
import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { APP_LIST_FIELDS, type ApiClient } from '../api/client.ts';
import { errorText } from '../api/errors.ts';
import { openApplicationStream } from '../api/stream.ts';
import type { Application, ApplicationWatchEvent } from '../api/types.ts';
import { appsReducer, initialAppsState, type AppsAction, type AppsState } from './apps-reducer.ts';
import { isNewerVersion } from './resource-version.ts';
import { useSession } from './session.tsx';

/** The first page is small so the list paints at once; later pages are larger. */
export const FIRST_PAGE = 250;
export const NEXT_PAGE = 2000;
const FLUSH_MS = 100;

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

interface StoreValue {
  state: AppsState;
  sorted: readonly Application[];
  stream: StreamStatus;
  reload: () => void;
}
const StoreContext = createContext<StoreValue | undefined>(undefined);

async function loadAll(
  api: ApiClient,
  dispatch: (a: AppsAction) => void,
  isLive: () => boolean,
): Promise<void> {
  dispatch({ type: 'list-started' });
  let cont: string | undefined;
  let limit = FIRST_PAGE;
  try {
    do {
      // Only what the list shows: a fraction of each app's bytes (the detail page fetches the whole app).
      const page = await api.listApplications({
        limit,
        fields: APP_LIST_FIELDS,
        ...(cont ? { continue: cont } : {}),
      });
      if (!isLive()) return;
      cont = page.metadata.continue || undefined;
      dispatch({
        type: 'list-page',
        items: page.items ?? [],
        remaining: page.metadata.remainingItemCount,
        done: !cont,
      });
      limit = NEXT_PAGE;
    } while (cont);
  } catch (e) {
    if (isLive()) dispatch({ type: 'list-failed', error: errorText(e) });
  }
}

export function ApplicationsProvider({ children }: { children: ReactNode }) {
  const { api, status, recheck } = useSession();
  const [state, dispatch] = useReducer(appsReducer, initialAppsState);
  const [stream, setStream] = useState<StreamStatus>('connecting');
  const [generation, setGeneration] = useState(0);
  const pending = useRef<ApplicationWatchEvent[]>([]);
  const authed = status === 'authenticated';

  useEffect(() => {
    if (!authed) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let opened = false;
    const flush = () => {
      timer = undefined;
      const events = pending.current;
      pending.current = [];
      if (events.length) dispatch({ type: 'events', events });
    };
    // Events are batched so a burst (a sync touching many apps) is one render, not hundreds.
    const close = openApplicationStream(api.streamUrl(), {
      onEvent: (ev) => {
        pending.current.push(ev);
        timer ??= setTimeout(flush, FLUSH_MS);
      },
      // The stream sends changes only, so the list is read once it is open (no change falls between the
      // two; the reducer keeps the newer of a page's item and an event), and again after a gap.
      onOpen: () => {
        if (!opened || failures > 0) void loadAll(api, dispatch, () => live);
        opened = true;
        failures = 0;
        setStream('live');
      },
      onError: () => {
        failures++;
        setStream('reconnecting');
        // No stream yet: show the list anyway (the stream's first open reads it again).
        if (!opened && failures === 1) void loadAll(api, dispatch, () => live);
        if (failures === 2) recheck(); // a stream refused for auth looks like this: ask who we are
      },
    });
    return () => {
      live = false;
      close();
      if (timer) clearTimeout(timer);
    };
  }, [api, authed, generation, recheck]);

  const sorted = useMemo(
    () =>
      [...state.byName.values()].sort((a, b) =>
        a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
      ),
    [state.byName],
  );
  const value = useMemo(
    () => ({ state, sorted, stream, reload: () => setGeneration((g) => g + 1) }),
    [state, sorted, stream],
  );
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}

export function useApplications(): StoreValue {
  const v = useContext(StoreContext);
  if (!v) throw new Error('useApplications outside ApplicationsProvider');
  return v;
}

/**
 * One whole app, live: fetched, and watched on a stream of its own (the store's stream carries only the list's
 * fields of each app). The newer of the two wins; a DELETED event says the app is gone.
 */
export function useApplication(name: string): { app: Application | undefined; error: string | undefined } {
  const { api } = useSession();
  const [app, setApp] = useState<Application>();
  const [error, setError] = useState<string>();
  const [deleted, setDeleted] = useState(false);
  useEffect(() => {
    let live = true;
    setApp(undefined);
    setError(undefined);
    setDeleted(false);
    const keep = (a: Application) =>
      setApp((cur) =>
        cur && !isNewerVersion(a.metadata.resourceVersion, cur.metadata.resourceVersion) ? cur : a,
      );
    const close = openApplicationStream(api.appStreamUrl(name), {
      onEvent: (ev) => {
        if (!live || ev.application.metadata.name !== name) return;
        setDeleted(ev.type === 'DELETED');
        if (ev.type !== 'DELETED') keep(ev.application);
      },
    });
    api
      .getApplication(name)
      .then((a) => live && keep(a))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
      close();
    };
  }, [api, name]);
  if (deleted) return { app: undefined, error: `Application ${name} was deleted.` };
  return { app, error: app ? undefined : error };
}
