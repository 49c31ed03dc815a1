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
      // The tree is the live state and loads even when the app cannot render (its managed resources cannot).
      void Promise.allSettled([api.resourceTree(name), api.managedResources(name)]).then(
        ([tree, managed]) => {
          if (!live) return;
          const failed = [tree, managed].find((r) => r.status === 'rejected');
          setData({
            tree: tree.status === 'fulfilled' ? (tree.value.nodes ?? []) : [],
            managed: managed.status === 'fulfilled' ? (managed.value.items ?? []) : [],
            loading: false,
            error: failed ? errorText(failed.reason) : undefined,
          });
        },
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [api, name, version]);
  return data;
}
