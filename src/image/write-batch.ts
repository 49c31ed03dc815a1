// One commit for a batch of image updates (argocd-image-updater-config `git.commit-batch: "true"`):
// which updates may share a commit — the same repository, base and target branch, write credentials
// and project, all written with `git` — how a pass's updates are grouped, and the batch's commit
// message (every app and image that moved). Pure: tested on plain objects.
import { render } from '../gotmpl/render.js';
import type { AppUpdates } from './updater.js';
import { branches, changeList } from './write-back.js';

/** `git.commit-batch` in the updater's settings: "true" batches, anything else keeps one commit per app. */
export function batchEnabled(data: Readonly<Record<string, string>> | undefined): boolean {
  return data?.['git.commit-batch']?.trim().toLowerCase() === 'true';
}

/**
 * The key under which updates share a commit, or undefined for a write of its own (`argocd`
 * write-back, a multi-source app). A target branch templated per app (`.AppName`, `.SHA256`) gives
 * each app its own key, so such apps keep their own branch and commit.
 */
export function batchKey(u: AppUpdates): string | undefined {
  const wb = u.config.writeBack;
  const repoURL = u.app.spec.source?.repoURL;
  if (wb.method !== 'git' || !repoURL) return undefined;
  const { base, target } = branches(u.app, u.config, u.updates);
  return JSON.stringify([repoURL, base ?? '', target ?? '', wb.secret ?? '', u.app.spec.project]);
}

/** Groups a pass's updates: one group per batch key (in first-seen order); no key → a group of one. */
export function groupWrites<T>(items: readonly T[], key: (item: T) => string | undefined): T[][] {
  const groups: T[][] = [];
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) {
      groups.push([item]);
      continue;
    }
    let g = byKey.get(k);
    if (!g) {
      g = [];
      byKey.set(k, g);
      groups.push(g);
    }
    g.push(item);
  }
  return groups;
}

/**
 * The batch's message. A template sees `.AppName` (the apps' names, comma-separated), `.AppChanges`
 * (every change, each with its `.AppName`) and `.Apps` (`.AppName` and `.AppChanges` per app), so a
 * template written for one app still reads well. Default: the apps in the subject (their count past
 * three), one line per image below.
 */
export function batchCommitMessage(batch: readonly AppUpdates[], template: string | undefined): string {
  const apps = batch.map((b) => ({
    AppName: b.app.metadata.name,
    AppChanges: changeList(b.updates).map((c) => ({ ...c, AppName: b.app.metadata.name })),
  }));
  const names = apps.map((a) => a.AppName);
  if (template)
    return render(template, {
      AppName: names.join(', '),
      AppChanges: apps.flatMap((a) => a.AppChanges),
      Apps: apps,
    });
  const subject = `build: automatic update of ${names.length > 3 ? `${names.length} applications` : names.join(', ')}`;
  const lines = apps.flatMap((a) =>
    a.AppChanges.map((c) => `${a.AppName}: updates image ${c.Image} tag '${c.OldTag}' to '${c.NewTag}'`),
  );
  return `${subject}\n\n${lines.join('\n')}\n`;
}
