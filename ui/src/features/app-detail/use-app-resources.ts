// The app's resource tree and managed resources, refetched (debounced) whenever the app itself changes.
import { useEffect, useState } from 'react';
import { errorText } from '../../api/errors.ts';
import type { ManagedResource, ResourceNode } from '../../api/types.ts';
import { useApi } from '../../state/session.tsx';

export interface AppResources {
  tree: ResourceNode[];
  managed: ManagedResource[];
  loading: boolean;
  error: string | undefined;
}

export function useAppResources(name: string, version: string | undefined): AppResources {
  const api = useApi();
  const [data, setData] = useState<AppResources>({ tree: [], managed: [], loading: true, error: undefined });
  useEffect(() => {
    let live = true;
    // A burst of status writes during a sync becomes one refetch.
    const t = setTimeout(() => {
      Promise.all([api.resourceTree(name), api.managedResources(name)])
        .then(
          ([tree, managed]) =>
            live &&
            setData({
              tree: tree.nodes ?? [],
              managed: managed.items ?? [],
              loading: false,
              error: undefined,
            }),
        )
        .catch((e: unknown) => live && setData((d) => ({ ...d, loading: false, error: errorText(e) })));
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [api, name, version]);
  return data;
}
