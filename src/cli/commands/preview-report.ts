// The PR preview as Markdown for a pull-request comment, and its exit code for CI. Pure.
import type { AppPreview } from '../../controller/app-preview.js';
import type { ResourceKey } from '../../model/index.js';
import type { PreviewResponse } from '../../server/preview-routes.js';
import { resourceLabel } from './app-resource-arg.js';

export const PREVIEW_EXIT = { unchanged: 0, changed: 1, error: 2 } as const;

const hasChanges = (a: AppPreview) => a.added.length + a.changed.length + a.pruned.length > 0;
const failed = (a: AppPreview) => a.error !== undefined || a.refused.length > 0;

/** 2 when an app could not be previewed or the cluster refused a head object, else 1 when anything changes, else 0. */
export function previewExitCode(p: PreviewResponse): number {
  if (p.apps.some(failed)) return PREVIEW_EXIT.error;
  return p.apps.some(hasChanges) ? PREVIEW_EXIT.changed : PREVIEW_EXIT.unchanged;
}

/** A value for a table cell: JSON, shortened, with Markdown's table characters escaped. */
function cell(v: unknown): string {
  if (v === undefined) return '_(absent)_';
  const text = JSON.stringify(v);
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return `\`${short.replace(/\|/g, '\\|').replace(/`/g, "'")}\``;
}

const code = (k: ResourceKey) => `\`${resourceLabel(k)}\``;

function appSection(a: AppPreview): string[] {
  const out = [`### ${a.name} (project ${a.project})`, ''];
  if (a.error !== undefined) return [...out, `:x: could not be previewed: ${a.error}`, ''];
  if (!hasChanges(a)) out.push('No change to its resources.', '');
  for (const k of a.added) out.push(`- :heavy_plus_sign: added ${code(k)}`);
  for (const c of a.changed) out.push(`- :pencil2: changed ${code(c)} (${c.fields.length} fields)`);
  for (const k of a.pruned) out.push(`- :heavy_minus_sign: pruned ${code(k)}`);
  if (hasChanges(a)) out.push('');
  for (const r of a.refused) out.push(`:x: the cluster refused ${code(r)} in a dry run: ${r.message}`, '');
  for (const c of a.changed) {
    out.push(`<details><summary>${resourceLabel(c)}</summary>`, '');
    out.push('| field | base | head |', '|---|---|---|');
    for (const f of c.fields) out.push(`| \`${f.path || '(object)'}\` | ${cell(f.from)} | ${cell(f.to)} |`);
    out.push('', '```diff', c.diff.trimEnd(), '```', '', '</details>', '');
  }
  return out;
}

export function previewMarkdown(p: PreviewResponse): string {
  const short = (s: string) => s.slice(0, 8);
  const changed = p.apps.filter((a) => hasChanges(a) || failed(a));
  const out = [
    `## Driftless preview: \`${p.base.revision}\` → \`${p.head.revision}\``,
    '',
    `${p.repoURL} ${short(p.base.sha)}..${short(p.head.sha)}: ${p.changedFiles.length} files changed, ` +
      `${p.apps.length} applications follow the base and are touched, ${changed.length} change.`,
    '',
  ];
  if (changed.length === 0) out.push('No application changes.', '');
  for (const a of changed) out.push(...appSection(a));
  const same = p.apps.filter((a) => !changed.includes(a)).map((a) => a.name);
  if (same.length > 0) out.push(`Unchanged: ${same.join(', ')}`, '');
  return out.join('\n');
}
