// Decides `subject may <action> <resource> <object>` under an RBAC policy: roles through `g`, deny wins.
import type { AppProject } from '../model/index.js';
import { globMatch } from './glob-match.js';
import { BUILTIN_GROUPS, BUILTIN_RULES } from './rbac-builtin.js';
import type { GroupRule, MatchMode, PolicyRule, RbacPolicy } from './rbac-policy.js';
import { parsePolicyCsv } from './rbac-policy.js';

export interface RbacDecision {
  allowed: boolean;
  /** For a refusal, what was asked and (when a deny rule refused) that rule; for an allow, the rule. */
  reason: string;
}

export class RbacEnforcer {
  private readonly rulesBySubject = new Map<string, PolicyRule[]>();
  private readonly rolesOf = new Map<string, string[]>();
  private readonly regexCache = new Map<string, RegExp | null>();
  private readonly closureCache = new Map<string, Set<string>>();
  /** Decisions by caller and request: a list checks every item, and the rules cannot change under us. */
  private readonly decisions = new Map<string, RbacDecision>();
  readonly matchMode: MatchMode;
  readonly defaultRole: string | undefined;

  constructor(
    policy: RbacPolicy,
    extra: { rules: readonly PolicyRule[]; groups: readonly GroupRule[] } = NONE,
  ) {
    this.matchMode = policy.matchMode;
    this.defaultRole = policy.defaultRole;
    for (const r of [...BUILTIN_RULES, ...policy.rules, ...extra.rules]) {
      const list = this.rulesBySubject.get(r.subject) ?? [];
      list.push(r);
      this.rulesBySubject.set(r.subject, list);
    }
    for (const g of [...BUILTIN_GROUPS, ...policy.groups, ...extra.groups]) {
      const list = this.rolesOf.get(g.member) ?? [];
      list.push(g.role);
      this.rolesOf.set(g.member, list);
    }
  }

  /** Every subject the caller acts as: itself, its groups, `policy.default`, and roles reached through `g`. */
  effectiveSubjects(subjects: readonly string[]): Set<string> {
    // Lists check every item for one caller: the closure is computed once per caller, not per item.
    const key = subjects.join('\u0000');
    const hit = this.closureCache.get(key);
    if (hit) return hit;
    const seen = new Set<string>();
    const queue = [...subjects, ...(this.defaultRole ? [this.defaultRole] : [])];
    while (queue.length > 0) {
      const s = queue.pop() as string;
      if (seen.has(s)) continue; // g cycles are legal in a CSV; they must not loop
      seen.add(s);
      queue.push(...(this.rolesOf.get(s) ?? []));
    }
    if (this.closureCache.size > 1000) this.closureCache.clear();
    this.closureCache.set(key, seen);
    return seen;
  }

  enforce(subjects: readonly string[], resource: string, action: string, object: string): RbacDecision {
    const key = `${subjects.join('\u0000')}\u0001${resource}\u0001${action}\u0001${object}`;
    const hit = this.decisions.get(key);
    if (hit) return hit;
    const decision = this.decide(subjects, resource, action, object);
    if (this.decisions.size >= MAX_DECISIONS) this.decisions.clear();
    this.decisions.set(key, decision);
    return decision;
  }

  private decide(
    subjects: readonly string[],
    resource: string,
    action: string,
    object: string,
  ): RbacDecision {
    let allowedBy: PolicyRule | undefined;
    for (const s of this.effectiveSubjects(subjects)) {
      for (const r of this.rulesBySubject.get(s) ?? []) {
        // Built-in roles are written as globs; they keep working when the policy is in regex mode.
        const glob = BUILTIN.has(r);
        if (
          !this.match(r.resource, resource, glob) ||
          !this.match(r.action, action, glob) ||
          !this.match(r.object, object, glob)
        )
          continue;
        if (r.effect === 'deny')
          return { allowed: false, reason: `${asked(resource, action, object)}: refused by "${r.source}"` };
        allowedBy ??= r;
      }
    }
    if (allowedBy) return { allowed: true, reason: `allowed by "${allowedBy.source}"` };
    const who = subjects.length > 0 ? subjects.join(', ') : 'anonymous';
    return { allowed: false, reason: `${asked(resource, action, object)} (no policy allows it for ${who})` };
  }

  private match(pattern: string, value: string, glob: boolean): boolean {
    if (glob || this.matchMode === 'glob') return globMatch(pattern, value);
    let re = this.regexCache.get(pattern);
    if (re === undefined) {
      try {
        // Anchored: an unanchored `default/.*` would also grant `notdefault/app`.
        re = new RegExp(`^(?:${pattern})$`, 'u');
      } catch {
        re = null; // a malformed pattern grants (and denies) nothing
      }
      this.regexCache.set(pattern, re);
    }
    return re?.test(value) ?? false;
  }
}

const NONE = { rules: [], groups: [] };
/** Enough for every app of a 10,000-app list for a handful of callers; past it the cache starts over. */
const MAX_DECISIONS = 100_000;
const BUILTIN = new Set<PolicyRule>(BUILTIN_RULES);

function asked(resource: string, action: string, object: string): string {
  return `permission denied: ${resource}, ${action}, ${object}`;
}

/** The subject a project role's tokens and policies use. */
export function projectRoleSubject(project: string, role: string): string {
  return `proj:${project}:${role}`;
}

/**
 * Policies of AppProject roles. As Argo CD requires, a role's line counts only when its subject is that
 * role and its object lies in that project; other lines are dropped (a project cannot grant beyond itself).
 */
export function projectRolePolicies(projects: readonly AppProject[]): {
  rules: PolicyRule[];
  groups: GroupRule[];
} {
  const rules: PolicyRule[] = [];
  const groups: GroupRule[] = [];
  for (const p of projects) {
    const name = p.metadata.name;
    for (const role of p.spec.roles ?? []) {
      const subject = projectRoleSubject(name, role.name);
      const parsed = parsePolicyCsv((role.policies ?? []).join('\n'));
      for (const r of parsed.rules)
        if (
          r.subject === subject &&
          (r.resource === 'projects' ? r.object === name : r.object.startsWith(`${name}/`))
        )
          rules.push(r);
      for (const g of role.groups ?? []) groups.push({ member: g, role: subject });
    }
  }
  return { rules, groups };
}
