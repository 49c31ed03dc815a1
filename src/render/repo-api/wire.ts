// The repo-server API's wire format: one JSON POST per call (`/repo.v1/<method>`) carrying the
// arguments and the caller's repository settings; typed errors travel as data and are rebuilt.
import { AbortError, BugError } from '../../common/errors.js';
import { GitError, type GitErrorReason } from '../../git/index.js';
import { isPlainObject, type KubeObject } from '../../model/index.js';
import { RenderError, type RenderErrorReason, type RenderTool } from '../errors.js';

export const REPO_API_PATH = '/repo.v1/';
/** Argo CD's repo server listens on 8081; so does ours. */
export const DEFAULT_REPO_SERVER_PORT = 8081;
/** A request carries arguments and settings, never manifests: a generous cap that still stops a flood. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export interface CallRequest {
  args: unknown[];
  /** The repository Secrets and known-hosts / TLS ConfigMaps the caller sees (credentials per request). */
  settings: KubeObject[];
}

export type WireError =
  | {
      type: 'RenderError';
      summary: string;
      reason: RenderErrorReason;
      tool: RenderTool;
      file?: string;
      line?: number;
      hint?: string;
    }
  | { type: 'GitError'; message: string; reason: GitErrorReason; repoURL?: string; hint?: string }
  | { type: 'AbortError'; message: string; hint?: string }
  | { type: 'BugError'; message: string };

export type CallReply = { result: unknown } | { error: WireError };

/** The repo server could not be reached or answered out of protocol; the caller retries later. */
export class RepoServerError extends AbortError {
  readonly reason = 'RepoServerUnavailable';
}

const opt = <K extends string, V>(k: K, v: V | undefined): Partial<Record<K, V>> =>
  v === undefined ? {} : ({ [k]: v } as Record<K, V>);

export function encodeError(e: unknown): WireError {
  if (e instanceof RenderError)
    return {
      type: 'RenderError',
      summary: e.summary,
      reason: e.reason,
      tool: e.tool,
      ...opt('file', e.file),
      ...opt('line', e.line),
      ...opt('hint', e.hint),
    };
  if (e instanceof GitError)
    return {
      type: 'GitError',
      message: e.message,
      reason: e.reason,
      ...opt('repoURL', e.repoURL),
      ...opt('hint', e.hint),
    };
  if (e instanceof AbortError) return { type: 'AbortError', message: e.message, ...opt('hint', e.hint) };
  return { type: 'BugError', message: e instanceof Error ? e.message : String(e) };
}

export function decodeError(w: WireError): Error {
  switch (w.type) {
    case 'RenderError':
      return new RenderError(w.summary, {
        reason: w.reason,
        tool: w.tool,
        file: w.file,
        line: w.line,
        hint: w.hint,
      });
    case 'GitError':
      return new GitError(w.message, { reason: w.reason, repoURL: w.repoURL, hint: w.hint });
    case 'AbortError':
      return new AbortError(w.message, { hint: w.hint });
    default:
      return new BugError(`the repo server failed: ${w.message}`);
  }
}

/** JSON with the two non-JSON values the repo service returns: Maps (remote refs) and Dates (commit metadata). */
export function toWire(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (raw instanceof Map) return { $map: [...(raw as Map<unknown, unknown>).entries()] };
    if (raw instanceof Date) return { $date: raw.toISOString() };
    return v;
  });
}

export function fromWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (isPlainObject(v) && Array.isArray(v['$map'])) return new Map(v['$map'] as [unknown, unknown][]);
    if (isPlainObject(v) && typeof v['$date'] === 'string') return new Date(v['$date']);
    return v;
  });
}

/** What of a settings object the repo server needs: kind, name, labels and data (no other metadata). */
export function wireObject(o: KubeObject): KubeObject {
  const trimmed: KubeObject = {
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: { name: o.metadata.name ?? '', ...opt('labels', o.metadata.labels) },
  };
  if (o['data'] !== undefined) trimmed['data'] = o['data'];
  if (o['stringData'] !== undefined) trimmed['stringData'] = o['stringData'];
  return trimmed;
}
