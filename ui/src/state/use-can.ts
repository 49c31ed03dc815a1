// RBAC checks through /account/can-i, cached for the session: undefined while asking.
import { useEffect, useState } from 'react';
import { useSession } from './session.tsx';

const cache = new Map<string, Promise<boolean>>();

export interface Permission {
  allowed: boolean | undefined;
  /** Why the action is unavailable, to show beside a disabled control. */
  reason: string;
}

export function useCan(resource: string, action: string, object: string): Permission {
  const { api, username } = useSession();
  const key = `${username ?? ''}|${resource}|${action}|${object}`;
  const [allowed, setAllowed] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    let live = true;
    let p = cache.get(key);
    if (!p) {
      p = api.canI(resource, action, object).catch(() => false);
      cache.set(key, p);
    }
    // p never rejects (canI failures read as "no").
    void p.then((v) => live && setAllowed(v));
    return () => {
      live = false;
    };
  }, [api, key, resource, action, object]);
  const target = object.includes('/') ? `in project ${object.split('/')[0] ?? ''}` : '';
  return {
    allowed,
    reason: `You (${username ?? 'anonymous'}) may not ${action} ${resource} ${target}`.trim() + '.',
  };
}

export function clearPermissionCache(): void {
  cache.clear();
}
