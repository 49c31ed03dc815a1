// GET /api/v1/applications/{name}/logs: container logs of the app's pods, streamed as JSON lines or Server-Sent Events.
import type { ServerResponse } from 'node:http';
import type { PodLogLine } from '../model/pod-log.js';
import type { Application, KubeObject } from '../model/index.js';
import { clusterOf } from './app-resource-ops.js';
import type { ApiContext } from './api-context.js';
import { appObjectCheck } from './app-read-routes.js';
import { lineFilter, logPods, parseLogQuery, type LogQuery } from './app-logs.js';
import { resourceTree, type ResourceNode } from './resource-tree.js';
import { defineRoute, type Route } from './route.js';

/** Argo CD's LogEntry. */
export interface LogEntry {
  content?: string;
  podName?: string;
  timeStamp?: string;
  timeStampStr?: string;
  last?: boolean;
}

interface PodLog {
  pod: string;
  lines: AsyncIterable<PodLogLine>;
}

function firstContainer(pod: KubeObject | undefined): string {
  const spec = pod?.spec as { containers?: { name?: string }[] } | undefined;
  return spec?.containers?.[0]?.name ?? '';
}

function entryOf(pod: string, line: PodLogLine): LogEntry {
  const at = line.timeStamp ? new Date(line.timeStamp) : undefined;
  const seconds = at && !Number.isNaN(at.getTime()) ? `${at.toISOString().slice(0, 19)}Z` : '';
  return {
    content: line.content,
    podName: pod,
    timeStamp: seconds,
    timeStampStr: line.timeStamp,
    last: false,
  };
}

function writer(res: ServerResponse, sse: boolean): (e: LogEntry) => void {
  return (e) =>
    res.write(sse ? `data: ${JSON.stringify({ result: e })}\n\n` : `${JSON.stringify({ result: e })}\n`);
}

/** Opens the log of each pod through the app's destination cluster (the hub's or a spoke's). */
async function openAll(
  api: ApiContext,
  app: Application,
  pods: ResourceNode[],
  q: LogQuery,
  signal: AbortSignal,
): Promise<PodLog[]> {
  if (pods.length === 0) return [];
  const cluster = clusterOf(api, app);
  return Promise.all(
    pods.map(async (p) => {
      const live = api.read.liveObject(app, { group: '', kind: 'Pod', namespace: p.namespace, name: p.name });
      const lines = await cluster.podLog({
        namespace: p.namespace,
        pod: p.name,
        container: q.container || firstContainer(live),
        follow: q.follow,
        sinceSeconds: q.sinceSeconds,
        sinceTime: q.sinceTime,
        tailLines: q.tailLines,
        previous: q.previous,
        signal,
      });
      return { pod: p.name, lines };
    }),
  );
}

/** Followed logs interleave as lines arrive; a snapshot is ordered by time across pods, as Argo CD does. */
async function pump(logs: PodLog[], q: LogQuery, write: (e: LogEntry) => void): Promise<void> {
  const keep = lineFilter(q.filter, q.matchCase);
  const drain = async (l: PodLog, sink: (e: LogEntry) => void) => {
    try {
      for await (const line of l.lines) if (keep(line.content)) sink(entryOf(l.pod, line));
    } catch {
      // The pod went away or the connection broke: its lines end here, the others go on.
    }
  };
  if (q.follow) {
    await Promise.all(logs.map((l) => drain(l, write)));
    return;
  }
  const all: LogEntry[] = [];
  await Promise.all(logs.map((l) => drain(l, (e) => all.push(e))));
  const time = (e: LogEntry) => Date.parse(e.timeStampStr ?? '') || 0;
  all.sort((a, b) => time(a) - time(b));
  for (const e of all) write(e);
}

export function appLogsRoutes(api: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/applications/{name}/logs',
      summary:
        'Container logs of a pod of the app, or of every pod of one of its workloads; JSON lines, or Server-Sent Events when the client accepts text/event-stream',
      tag: 'Applications',
      auth: 'user',
      // Argo CD's RBAC for logs: `logs, get` on the app (checked before anything is read), and `applications, get`.
      rbac: { ...appObjectCheck(api, 'get'), resource: 'logs' },
      query: [
        { name: 'podName', description: 'one pod of the app' },
        { name: 'container', description: 'container name (default: the pod’s first)' },
        { name: 'namespace', description: 'namespace of the pod or resource' },
        { name: 'kind', description: 'with resourceName: every pod below this resource' },
        { name: 'group', description: 'API group of kind (empty: core)' },
        { name: 'resourceName', description: 'name of the resource' },
        { name: 'sinceSeconds', description: 'only lines this recent', type: 'integer' },
        { name: 'sinceTime.seconds', description: 'only lines after this Unix time', type: 'integer' },
        { name: 'tailLines', description: 'only the last lines of each container', type: 'integer' },
        { name: 'follow', description: 'keep streaming new lines', type: 'boolean' },
        { name: 'previous', description: 'the previous (crashed) container’s log', type: 'boolean' },
        { name: 'filter', description: 'only lines containing this text (leading ! : not containing)' },
        { name: 'matchCase', description: 'filter case-sensitively', type: 'boolean' },
      ],
      async handler({ params, query, req, res, require }) {
        const app = await api.app(params.name ?? '');
        require('applications', 'get', `${app.spec.project || 'default'}/${app.metadata.name}`);
        const q = parseLogQuery(query);
        const pods = logPods(resourceTree(api.read, app).nodes, q, app.metadata.name);
        const abort = new AbortController();
        res.on('close', () => abort.abort());
        const logs = await openAll(api, app, pods, q, abort.signal).catch((e: unknown) => {
          abort.abort();
          throw e;
        });
        const sse = (req.headers.accept ?? '').includes('text/event-stream');
        res.writeHead(200, {
          'Content-Type': sse ? 'text/event-stream' : 'application/x-ndjson',
          'Cache-Control': 'no-store',
          'X-Accel-Buffering': 'no',
        });
        const write = writer(res, sse);
        await pump(logs, q, write);
        if (!res.writableEnded) {
          write({ last: true });
          res.end();
        }
        return { streamed: true };
      },
    }),
  ];
}
