// The answer of a project rule: allowed, or not with a reason naming the rule, ready for status.conditions.

export type PolicyResult = { allowed: true } | { allowed: false; reason: string };

export const ALLOWED: PolicyResult = { allowed: true };

export function denied(reason: string): PolicyResult {
  return { allowed: false, reason };
}

/** An Argo CD deny pattern: `!` followed by a glob. */
export function isDenyPattern(pattern: string | undefined): boolean {
  return pattern !== undefined && pattern.startsWith('!');
}

/** A project rule list for a message, e.g. `(sourceRepos: a, !b)`; long lists are cut so conditions stay readable. */
export function listForMessage(field: string, items: readonly string[], max = 8): string {
  if (items.length === 0) return `(${field}: none)`;
  const shown = items.slice(0, max).join(', ');
  return `(${field}: ${shown}${items.length > max ? `, … ${items.length - max} more` : ''})`;
}
