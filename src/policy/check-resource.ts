// AppProject resource white/blacklists: may an application manage resources of this group and kind?
import type { AppProject, GroupKind } from '../model/index.js';
import { globMatch } from './glob-match.js';
import { ALLOWED, denied, listForMessage, type PolicyResult } from './policy-result.js';

export interface ResourceToCheck {
  /** API group; `""` is the core group. */
  group: string;
  kind: string;
  namespaced: boolean;
}

// Group and kind never contain '/', so this is Go's filepath.Match as Argo CD uses it here.
function inList(res: ResourceToCheck, list: readonly GroupKind[]): GroupKind | undefined {
  return list.find(
    (gk) =>
      globMatch(gk.kind, res.kind, { separator: '/' }) && globMatch(gk.group, res.group, { separator: '/' }),
  );
}

function describe(gk: { group: string; kind: string }): string {
  return gk.group ? `${gk.group}/${gk.kind}` : gk.kind;
}

/**
 * Argo CD's rule. Cluster-scoped: denied unless clusterResourceWhitelist lists it, and not blacklisted.
 * Namespaced: allowed unless namespaceResourceBlacklist lists it; a namespaceResourceWhitelist that is present
 * (even empty) allows only what it lists.
 */
export function checkResourceAllowed(project: AppProject, res: ResourceToCheck): PolicyResult {
  const { spec } = project;
  const proj = `project "${project.metadata.name}"`;
  const what = `${res.namespaced ? 'namespaced' : 'cluster-scoped'} resource ${describe(res)}`;
  const whitelistName = res.namespaced ? 'namespaceResourceWhitelist' : 'clusterResourceWhitelist';
  const blacklistName = res.namespaced ? 'namespaceResourceBlacklist' : 'clusterResourceBlacklist';
  const whitelist = res.namespaced ? spec.namespaceResourceWhitelist : spec.clusterResourceWhitelist;
  const blacklist = (res.namespaced ? spec.namespaceResourceBlacklist : spec.clusterResourceBlacklist) ?? [];

  // Only an absent namespaced whitelist means "everything"; the cluster-scoped one must list what it allows.
  const whitelistAllowsAll = res.namespaced && whitelist === undefined;
  if (!whitelistAllowsAll && !inList(res, whitelist ?? [])) {
    const listed = (whitelist ?? []).map(describe);
    const why = res.namespaced ? '' : '; cluster-scoped resources are denied unless whitelisted';
    return denied(`${what} is not permitted in ${proj} ${listForMessage(whitelistName, listed)}${why}`);
  }
  const hit = inList(res, blacklist);
  if (hit) return denied(`${what} is denied by ${blacklistName} entry "${describe(hit)}" in ${proj}`);
  return ALLOWED;
}
