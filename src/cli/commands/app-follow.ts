// Following an application until a condition holds: the SSE stream, or polling when the stream is refused.
import { AbortError } from '../../common/errors.js';
import type { Application, OperationState } from '../../model/index.js';
import type { ApiClient } from '../../server/api-client.js';
import { progress } from '../output.js';
import { resourceLabel } from './app-resource-arg.js';

export interface FollowOptions {
  /** 0 means no limit. */
  timeoutMs: number;
  /** Called with every state seen, in order. */
  onUpdate?: (app: Application) => void;
  pollIntervalMs?: number;
}

/** Resolves with the first state for which `done` holds; undefined on timeout (with the last state seen). */
export async function followApp(
  client: ApiClient,
  name: string,
  done: (app: Application) => boolean,
  opts: FollowOptions,
): Promise<{ app: Application | undefined; timedOut: boolean }> {
  const abort = new AbortController();
  const timer = opts.timeoutMs > 0 ? setTimeout(() => abort.abort(), opts.timeoutMs) : undefined;
  let last: Application | undefined;
  const seen = (app: Application) => {
    last = app;
    opts.onUpdate?.(app);
    return done(app);
  };
  try {
    try {
      for await (const ev of client.watchApplications({ name: [name] }, abort.signal)) {
        if (ev.application.metadata.name !== name) continue;
        if (ev.type === 'DELETED') throw new AbortError(`application ${name} was deleted`);
        if (seen(ev.application)) return { app: last, timedOut: false };
      }
    } catch (e) {
      if (abort.signal.aborted) return { app: last, timedOut: true };
      if (e instanceof AbortError) throw e;
      // The stream is an optimisation; polling gives the same answer.
    }
    while (!abort.signal.aborted) {
      if (seen(await client.getApplication(name))) return { app: last, timedOut: false };
      await sleep(opts.pollIntervalMs ?? 2_000, abort.signal);
    }
    return { app: last, timedOut: true };
  } finally {
    if (timer) clearTimeout(timer);
    abort.abort();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

const TERMINAL = new Set(['Succeeded', 'Failed', 'Error']);

/** True once the operation that started after `previousStartedAt` has finished. */
export function operationFinished(app: Application, previousStartedAt: string | undefined): boolean {
  const op = app.status?.operationState;
  return !app.operation && !!op && op.startedAt !== previousStartedAt && TERMINAL.has(op.phase);
}

/** Prints a line per resource whenever its state changes (to stderr, so stdout stays clean). */
export class ResourceProgress {
  private readonly shown = new Map<string, string>();
  constructor(private readonly write: (line: string) => void = progress) {}

  /** Per-resource results of the running operation. */
  operation(op: OperationState | undefined, previousStartedAt: string | undefined): void {
    if (!op || op.startedAt === previousStartedAt) return;
    for (const r of op.syncResult?.resources ?? []) {
      const state = `${r.status}${r.hookPhase ? ` (${r.hookPhase})` : ''}${r.message ? `  ${r.message}` : ''}`;
      this.show(`op ${resourceLabel(r)}`, `${resourceLabel(r)}  ${state}`);
    }
  }

  /** Sync and health of every resource of the app. */
  resources(app: Application): void {
    for (const r of app.status?.resources ?? []) {
      const health = r.health
        ? `  ${r.health.status}${r.health.message ? ` (${r.health.message})` : ''}`
        : '';
      this.show(`res ${resourceLabel(r)}`, `${resourceLabel(r)}  ${r.status}${health}`);
    }
  }

  private show(key: string, line: string): void {
    if (this.shown.get(key) === line) return;
    this.shown.set(key, line);
    this.write(line);
  }
}
