// Which pods' logs a logs request reads (a pod, or every pod below a workload of the app's tree) and which lines it keeps.
import { badRequest, notFound } from './http-error.js';
import type { ResourceNode } from './resource-tree.js';

export interface LogQuery {
  /** One pod, or (with `kind`) the workload whose pods are read. */
  podName: string;
  namespace: string;
  group: string;
  kind: string;
  resourceName: string;
  container: string;
  sinceSeconds?: number;
  sinceTime?: string;
  tailLines?: number;
  follow: boolean;
  previous: boolean;
  filter: string;
  matchCase: boolean;
}

/** Argo CD's `maxPodLogsToRender`: more pods than this must be narrowed down. */
export const MAX_LOG_PODS = 10;

function wholeNumber(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${name} must be a whole number >= 0, got "${raw}"`);
  // Argo CD's clients send 0 for "not set".
  return n === 0 ? undefined : n;
}

function flag(q: URLSearchParams, name: string): boolean {
  const raw = q.get(name);
  if (raw === null || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw badRequest(`${name} must be true or false, got "${raw}"`);
}

export function parseLogQuery(q: URLSearchParams): LogQuery {
  const sinceSeconds = wholeNumber(q, 'sinceSeconds');
  const tailLines = wholeNumber(q, 'tailLines');
  const sinceTime = q.get('sinceTime.seconds') ?? '';
  const out: LogQuery = {
    podName: q.get('podName') ?? '',
    namespace: q.get('namespace') ?? '',
    group: q.get('group') ?? '',
    kind: q.get('kind') ?? '',
    resourceName: q.get('resourceName') ?? '',
    container: q.get('container') ?? '',
    follow: flag(q, 'follow'),
    previous: flag(q, 'previous'),
    filter: q.get('filter') ?? '',
    matchCase: flag(q, 'matchCase'),
  };
  if (sinceSeconds !== undefined) out.sinceSeconds = sinceSeconds;
  if (tailLines !== undefined) out.tailLines = tailLines;
  if (sinceTime) {
    const secs = Number(sinceTime);
    if (!Number.isInteger(secs) || secs < 0)
      throw badRequest(`sinceTime.seconds must be a Unix time in seconds`);
    out.sinceTime = new Date(secs * 1000).toISOString();
  }
  if (!out.podName && !out.kind !== !out.resourceName)
    throw badRequest(
      'kind and resourceName go together: they name the resource whose pods are read',
      'e.g. ?kind=Deployment&group=apps&resourceName=web&namespace=default',
    );
  return out;
}

/** Pods of the tree below `root` (itself, if it is a Pod), in tree order. */
function podsBelow(nodes: readonly ResourceNode[], root: ResourceNode): ResourceNode[] {
  const below = new Set([root.uid]);
  const pods: ResourceNode[] = root.kind === 'Pod' && root.group === '' ? [root] : [];
  // The tree lists parents before children, so one pass collects every descendant.
  for (const n of nodes) {
    if (!n.parentRefs?.some((p) => below.has(p.uid))) continue;
    below.add(n.uid);
    if (n.kind === 'Pod' && n.group === '') pods.push(n);
  }
  return pods;
}

/** The pods to read: only pods of the app's tree are ever read (RBAC is per app); no selector means all of them. */
export function logPods(nodes: readonly ResourceNode[], q: LogQuery, appName: string): ResourceNode[] {
  if (!q.podName && !q.kind)
    return checkCount(
      nodes.filter((n) => n.kind === 'Pod' && n.group === ''),
      `application ${appName}`,
    );
  const want = q.podName
    ? { group: '', kind: 'Pod', name: q.podName }
    : { group: q.group, kind: q.kind, name: q.resourceName };
  const root = nodes.find(
    (n) =>
      n.group === want.group &&
      n.kind === want.kind &&
      n.name === want.name &&
      (!q.namespace || n.namespace === q.namespace),
  );
  const label = `${want.kind} ${q.namespace ? `${q.namespace}/` : ''}${want.name}`;
  if (!root) throw notFound(`${label} is not part of application ${appName}`);
  return checkCount(podsBelow(nodes, root), label);
}

function checkCount(pods: ResourceNode[], label: string): ResourceNode[] {
  if (pods.length === 0)
    throw notFound(`${label} has no pods`, 'logs exist for Pods and for workloads that run Pods');
  if (pods.length > MAX_LOG_PODS)
    throw badRequest(
      `${label} has ${pods.length} pods; logs are read from at most ${MAX_LOG_PODS} at once`,
      'name one workload (kind and resourceName) or one pod (podName)',
    );
  return pods;
}

/** Argo CD's `filter`: a substring that a line must contain, or (leading `!`) must not; case-insensitive unless matchCase. */
export function lineFilter(filter: string, matchCase: boolean): (content: string) => boolean {
  if (!filter) return () => true;
  const negate = filter.startsWith('!');
  const raw = negate ? filter.slice(1) : filter;
  const needle = matchCase ? raw : raw.toLowerCase();
  return (content) => (matchCase ? content : content.toLowerCase()).includes(needle) !== negate;
}
