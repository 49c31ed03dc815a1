// Kubernetes LabelSelector objects (matchLabels, matchExpressions) as predicates over label maps.
import type { LabelSelector, LabelSelectorRequirement } from './applicationset.js';

function matchesRequirement(r: LabelSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case 'In':
      return has && value !== undefined && (r.values ?? []).includes(value);
    case 'NotIn':
      return !has || value === undefined || !(r.values ?? []).includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** Whether labels satisfy a selector; an empty or absent selector matches everything. */
export function matchesSelector(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  return (selector.matchExpressions ?? []).every((r) => matchesRequirement(r, labels));
}

/** Whether a selector has no terms (Argo CD then includes the local cluster in the clusters generator). */
export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return (
    !selector ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)
  );
}

/** A selector's problems (unknown operator, values where none belong), for a condition message. */
export function selectorProblems(selector: LabelSelector | undefined): string[] {
  const out: string[] = [];
  for (const r of selector?.matchExpressions ?? []) {
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(r.operator))
      out.push(`matchExpressions: unknown operator "${String(r.operator)}" for key ${r.key}`);
    else if ((r.operator === 'In' || r.operator === 'NotIn') && (r.values ?? []).length === 0)
      out.push(`matchExpressions: operator ${r.operator} for key ${r.key} needs values`);
    else if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && (r.values ?? []).length > 0)
      out.push(`matchExpressions: operator ${r.operator} for key ${r.key} takes no values`);
  }
  return out;
}
