// The SSE applications stream: parses `data: {"result": {...}}` frames into typed watch events.
import type { ApplicationWatchEvent } from './types.ts';

export function parseStreamFrame(data: string): ApplicationWatchEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const result = (parsed as { result?: unknown }).result;
  if (typeof result !== 'object' || result === null) return undefined;
  const ev = result as Partial<ApplicationWatchEvent>;
  if (
    (ev.type !== 'ADDED' && ev.type !== 'MODIFIED' && ev.type !== 'DELETED') ||
    !ev.application?.metadata?.name
  )
    return undefined;
  return { type: ev.type, application: ev.application };
}

export interface StreamHandlers {
  onEvent: (ev: ApplicationWatchEvent) => void;
  onOpen?: () => void;
  onError?: () => void;
}

/** Opens the stream; EventSource reconnects by itself. Returns a function that closes it. */
export function openApplicationStream(url: string, h: StreamHandlers): () => void {
  const es = new EventSource(url, { withCredentials: true });
  es.onmessage = (m: MessageEvent<string>) => {
    const ev = parseStreamFrame(m.data);
    if (ev) h.onEvent(ev);
  };
  es.onopen = () => h.onOpen?.();
  es.onerror = () => h.onError?.();
  return () => es.close();
}
