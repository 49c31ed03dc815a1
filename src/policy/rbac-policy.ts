// Argo CD's RBAC policy language: `p`/`g` CSV lines from argocd-rbac-cm, parsed into typed rules.

export type MatchMode = 'glob' | 'regex';

export interface PolicyRule {
  subject: string;
  resource: string;
  action: string;
  object: string;
  effect: 'allow' | 'deny';
  /** The line as written, so a refusal can quote the rule that refused. */
  source: string;
}

export interface GroupRule {
  member: string;
  role: string;
}

export interface RbacPolicy {
  rules: PolicyRule[];
  groups: GroupRule[];
  /** Role every authenticated subject has (`policy.default`, e.g. `role:readonly`). */
  defaultRole?: string | undefined;
  matchMode: MatchMode;
}

export interface ParseResult {
  rules: PolicyRule[];
  groups: GroupRule[];
  /** Lines that could not be read, with why; they grant nothing. */
  errors: string[];
}

/** Splits one CSV line, trimming cells; quoted cells may hold commas (Argo CD's casbin CSV allows it). */
function splitCsv(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      cells.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  cells.push(cur.trim());
  return cells;
}

export function parsePolicyCsv(csv: string): ParseResult {
  const out: ParseResult = { rules: [], groups: [], errors: [] };
  for (const raw of csv.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const cells = splitCsv(line);
    if (cells[0] === 'p') {
      const [, subject, resource, action, object, effect = 'allow'] = cells;
      if (!subject || !resource || !action || object === undefined || object === '') {
        out.errors.push(`"${line}": a p line needs subject, resource, action and object`);
        continue;
      }
      if (effect !== 'allow' && effect !== 'deny') {
        out.errors.push(`"${line}": effect must be allow or deny, got "${effect}"`);
        continue;
      }
      out.rules.push({ subject, resource, action, object, effect, source: line });
    } else if (cells[0] === 'g') {
      const [, member, role] = cells;
      if (!member || !role) {
        out.errors.push(`"${line}": a g line needs a member and a role`);
        continue;
      }
      out.groups.push({ member, role });
    } else {
      out.errors.push(`"${line}": lines start with p or g`);
    }
  }
  return out;
}

/**
 * The policy of an argocd-rbac-cm's data: `policy.csv` plus every `policy.<name>.csv`
 * (in name order, as Argo CD concatenates them), `policy.default`, `policy.matchMode`.
 */
export function policyFromConfigMap(data: Readonly<Record<string, string>>): RbacPolicy & {
  errors: string[];
} {
  const keys = Object.keys(data)
    .filter((k) => k === 'policy.csv' || /^policy\..+\.csv$/.test(k))
    .sort((a, b) => (a === 'policy.csv' ? -1 : b === 'policy.csv' ? 1 : a.localeCompare(b)));
  const parsed = parsePolicyCsv(keys.map((k) => data[k] ?? '').join('\n'));
  const mode = data['policy.matchMode'];
  const errors = [...parsed.errors];
  if (mode !== undefined && mode !== 'glob' && mode !== 'regex')
    errors.push(`policy.matchMode must be glob or regex, got "${mode}" (using glob)`);
  return {
    rules: parsed.rules,
    groups: parsed.groups,
    defaultRole: data['policy.default'] || undefined,
    matchMode: mode === 'regex' ? 'regex' : 'glob',
    errors,
  };
}
