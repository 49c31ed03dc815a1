// AppProject.spec.destinations: may an application deploy to this cluster and namespace?
import type { AppProject, ProjectDestination } from '../model/index.js';
import { globMatch } from './glob-match.js';
import { ALLOWED, denied, isDenyPattern, listForMessage, type PolicyResult } from './policy-result.js';

export interface DestinationToCheck {
  /** Cluster API URL; give it together with `name` when both are known, as Argo CD resolves one from the other. */
  server?: string;
  name?: string;
  /** Empty for cluster-scoped resources. */
  namespace?: string;
}

/** A `!` pattern matches when the value does NOT match the glob after it, so deny entries also allow the rest. */
function fieldMatches(pattern: string | undefined, value: string): boolean {
  const p = pattern ?? '';
  return isDenyPattern(p) ? !globMatch(p.slice(1), value) : globMatch(p, value);
}

function describeEntry(d: ProjectDestination): string {
  const cluster = d.server ? d.server : d.name ? `name ${d.name}` : '(no cluster)';
  return `${cluster} namespace ${d.namespace ?? ''}`.trimEnd();
}

function describeDestination(dst: DestinationToCheck): string {
  const cluster = dst.server ?? (dst.name !== undefined ? `cluster "${dst.name}"` : '(no cluster)');
  return `destination ${cluster} namespace "${dst.namespace ?? ''}"`;
}

/**
 * Argo CD's rule: some entry must match (server or name, and namespace), and no entry's `!` pattern may exclude
 * the destination. A field the destination does not give (no name, say) is neither matched nor denied by patterns.
 */
export function checkDestinationAllowed(project: AppProject, dst: DestinationToCheck): PolicyResult {
  const entries = project.spec.destinations ?? [];
  const namespace = dst.namespace ?? '';
  const server = dst.server || undefined;
  const name = dst.name || undefined;
  let matched = false;
  for (const entry of entries) {
    const serverOk = server !== undefined && fieldMatches(entry.server, server);
    const nameOk = name !== undefined && fieldMatches(entry.name, name);
    const namespaceOk = fieldMatches(entry.namespace, namespace);
    if ((serverOk || nameOk) && namespaceOk) {
      matched = true;
      continue;
    }
    const excludedBy =
      (server !== undefined && !serverOk && isDenyPattern(entry.server)) ||
      (name !== undefined && !nameOk && isDenyPattern(entry.name)) ||
      (!namespaceOk && isDenyPattern(entry.namespace));
    if (excludedBy) {
      return denied(
        `${describeDestination(dst)} is denied by destinations entry "${describeEntry(entry)}" in project "${project.metadata.name}"`,
      );
    }
  }
  if (matched) return ALLOWED;
  return denied(
    `${describeDestination(dst)} is not permitted in project "${project.metadata.name}" ` +
      listForMessage('destinations', entries.map(describeEntry)),
  );
}
