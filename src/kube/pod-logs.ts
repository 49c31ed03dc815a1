// A container's log from the API server (`pods/log`), line by line, each split into its timestamp and text.
import { KubeApiError } from './api-error.js';
import { queryString } from './api-resource.js';
import type { KubeClient } from './client.js';
import type { PodLogLine, PodLogOptions } from '../model/pod-log.js';

export type { PodLogLine, PodLogOptions };

/** A followed log may stay quiet for long; the stream ends when the caller aborts, not when it is idle. */
const FOLLOW_IDLE_MS = 24 * 3600_000;

/** `<RFC 3339 time> <text>`, as `timestamps=true` makes the API server prefix each line. */
export function splitTimestamp(line: string): PodLogLine {
  const space = line.indexOf(' ');
  const head = space > 0 ? line.slice(0, space) : '';
  if (/^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)$/.test(head))
    return { timeStamp: head, content: line.slice(space + 1) };
  return { timeStamp: '', content: line };
}

/** Opens the log (a non-2xx answer throws KubeApiError here, before any line); iterate the result for lines. */
export async function openPodLog(client: KubeClient, o: PodLogOptions): Promise<AsyncIterable<PodLogLine>> {
  const path = `/api/v1/namespaces/${encodeURIComponent(o.namespace)}/pods/${encodeURIComponent(o.pod)}/log`;
  const query = queryString({
    container: o.container || undefined,
    follow: o.follow || undefined,
    sinceSeconds: o.sinceSeconds,
    sinceTime: o.sinceTime,
    tailLines: o.tailLines,
    previous: o.previous || undefined,
    timestamps: true,
  });
  const stream = await client.transport.stream({
    method: 'GET',
    path: `${path}${query}`,
    headers: { Accept: '*/*' },
    ...(o.follow ? { idleTimeoutMs: FOLLOW_IDLE_MS } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  if (stream.status < 200 || stream.status >= 300)
    throw KubeApiError.fromResponse('GET', path, stream.status, stream.body);
  return (async function* () {
    for await (const line of stream.lines) yield splitTimestamp(line);
  })();
}
