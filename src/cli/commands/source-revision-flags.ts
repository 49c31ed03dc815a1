// argocd's flags for reading an app at other revisions: `--revision` (a single-source app) and, for a
// multi-source app, `--source-positions` (1-based, repeatable or comma-separated) paired in order with
// `--revisions` (repeatable). The server checks the positions against the app.
import type { Command } from 'commander';
import { collect, UsageError } from '../context-client.js';

export interface SourceRevisionFlags {
  revision?: string;
  sourcePositions?: string[];
  revisions?: string[];
}

export function withSourceRevisionFlags(cmd: Command, revisionHelp: string): Command {
  return cmd
    .option('--revision <rev>', revisionHelp)
    .option(
      '--source-positions <n>',
      'multi-source apps: 1-based position of a source --revisions pins (repeatable, or 1,2)',
      collect,
    )
    .option(
      '--revisions <rev>',
      'multi-source apps: the revision for each --source-positions (repeatable)',
      collect,
    );
}

/** The flags as the manifests query; positions without as many revisions (or the reverse) are refused here. */
export function sourceRevisionQuery(f: SourceRevisionFlags): {
  revision?: string;
  sourcePositions?: string[];
  revisions?: string[];
} {
  const positions = (f.sourcePositions ?? [])
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  const revisions = f.revisions ?? [];
  if (positions.length === 0 && revisions.length === 0) return f.revision ? { revision: f.revision } : {};
  if (f.revision)
    throw new UsageError('--revision excludes --source-positions/--revisions', {
      hint: 'a single-source app takes --revision; a multi-source app takes --source-positions with --revisions',
    });
  if (positions.length !== revisions.length)
    throw new UsageError(
      `--source-positions and --revisions pair up in order: got ${positions.length} positions and ${revisions.length} revisions`,
      { hint: 'e.g. --source-positions 1 --revisions main --source-positions 2 --revisions v1.2.0' },
    );
  return { sourcePositions: positions, revisions };
}

/** Whether the flags ask for anything but the target revisions. */
export function pinsRevisions(f: SourceRevisionFlags): boolean {
  const q = sourceRevisionQuery(f);
  return q.revision !== undefined || (q.revisions?.length ?? 0) > 0;
}
