// Counts the controller's calls to the apiserver by what they are (applies, dry runs, Application
// writes, Events, reads) while a bench phase runs: on a CPU-bound apiserver, convergence follows the count.
import type { KubeClient, RequestInfo } from '../src/kube/client.js';

const KINDS = [
  'apply',
  'dry run',
  'Application status',
  'Application patch',
  'Event',
  'other write',
  'read',
] as const;
type CallKind = (typeof KINDS)[number];

function kindOf(req: RequestInfo): CallKind {
  if (req.dryRun) return 'dry run';
  if (req.method === 'GET') return 'read';
  if (req.path.includes('/applications/'))
    return req.path.endsWith('/status') ? 'Application status' : 'Application patch';
  if (req.path.endsWith('/events')) return 'Event';
  if (req.contentType === 'application/apply-patch+yaml') return 'apply';
  return 'other write';
}

/** The resource a call names (`deployments`, `configmaps`, …), from its path. */
function resourceOf(path: string): string {
  const s = (path.split('?')[0] ?? '').split('/');
  const i = s.indexOf('namespaces');
  return (i >= 0 && s.length > i + 3 ? s[i + 2] : s[s.length - 2]) ?? '?';
}

/** Starts counting; `stop(apps)` ends it and says the calls per app and the answers that were not 2xx. */
export function countCalls(client: KubeClient): { stop(apps: number): string } {
  const counts = new Map<CallKind, number>();
  const failures = new Map<number, number>();
  // Applies and dry runs by resource: which objects cost more than their one apply.
  const byResource = new Map<string, number>();
  const off = client.observe((req) => {
    const kind = kindOf(req);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    if (kind === 'apply' || kind === 'dry run') {
      const k = `${kind} ${resourceOf(req.path)}`;
      byResource.set(k, (byResource.get(k) ?? 0) + 1);
    }
    return (status) => {
      if (status < 200 || status >= 300) failures.set(status, (failures.get(status) ?? 0) + 1);
    };
  });
  return {
    stop(apps) {
      off();
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const parts = KINDS.filter((k) => counts.has(k)).map(
        (k) => `${k} ${((counts.get(k) ?? 0) / apps).toFixed(1)}`,
      );
      const failed = [...failures].map(([s, n]) => `${n}× ${s === 0 ? 'no answer' : s}`).join(', ');
      const resources = [...byResource]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, n]) => `${k} ${(n / apps).toFixed(2)}`)
        .join(', ');
      return `${total} API calls, ${(total / apps).toFixed(1)} per app (${parts.join(', ')}; ${resources || 'no applies'}); not 2xx: ${failed || 'none'}`;
    },
  };
}
