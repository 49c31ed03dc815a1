// Which revision each source of an app renders at for a read (Argo CD's `revision`, and for multi-source
// apps `sourcePositions` + `revisions`, 1-based positions paired in order with revisions).
import type { Application } from '../model/index.js';
import { badRequest } from './http-error.js';

export interface SourceRevisions {
  /** A single-source app: render at this revision instead of targetRevision. */
  revision?: string | undefined;
  /** A multi-source app: one entry per spec.sources index; '' keeps that source's targetRevision. */
  revisions?: string[] | undefined;
}

const list = (q: URLSearchParams, name: string) =>
  q
    .getAll(name)
    .flatMap((v) => v.split(',').map((s) => s.trim()))
    .filter(Boolean);

/** Reads `revision`, `sourcePositions` and `revisions`; a pairing that cannot apply to this app is a 400. */
export function sourceRevisions(app: Application, q: URLSearchParams): SourceRevisions {
  const revision = q.get('revision') || undefined;
  const positions = list(q, 'sourcePositions');
  const revisions = q.getAll('revisions').map((r) => r.trim());
  const count = app.spec.sources?.length ?? 0;
  const multi = !app.spec.source && count > 1;
  if (positions.length === 0 && revisions.length === 0) {
    if (revision && multi)
      throw badRequest(
        `${app.metadata.name} has ${count} sources: say which source the revision is for`,
        'give sourcePositions (1-based) with revisions, e.g. --source-positions 2 --revisions v1.2.0',
      );
    return { revision };
  }
  if (revision)
    throw badRequest('revision excludes sourcePositions/revisions', 'give one or the other, not both');
  if (positions.length !== revisions.length || revisions.some((r) => !r))
    throw badRequest(
      `sourcePositions and revisions pair up in order: got ${positions.length} positions and ${revisions.length} revisions`,
      'give one non-empty revision for each source position, e.g. --source-positions 1 --revisions main',
    );
  const n = multi ? count : 1;
  const out = Array.from({ length: n }, () => '');
  positions.forEach((p, i) => {
    const pos = /^\d+$/.test(p) ? Number(p) : NaN;
    if (!(pos >= 1 && pos <= n))
      throw badRequest(
        `source position ${p} is not a source of ${app.metadata.name}: it has ${n === 1 ? 'a single source' : `${n} sources`}`,
        `positions are 1-based, from 1 to ${n}`,
      );
    if (out[pos - 1]) throw badRequest(`source position ${pos} is given twice`);
    out[pos - 1] = revisions[i] ?? '';
  });
  return multi ? { revisions: out } : { revision: out[0] };
}
