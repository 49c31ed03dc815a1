// Semantic versions and constraints as Argo CD (Masterminds semver) reads them in targetRevision:
// `1.2.*`, `~1.2`, `^1.0`, `>=1.0.0 <2.0.0`, `>=1.0, <2.0`, `1.0 - 1.4`, `a || b`; newest match wins.

export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
  /** The text it was parsed from (a tag name keeps its `v`). */
  raw: string;
}

type Op = '=' | '!=' | '>' | '>=' | '<' | '<=';
interface Comparator {
  op: Op;
  v: Version;
}
/** OR of ANDs. */
export type Constraint = Comparator[][];

const NUM = '0|[1-9]\\d*';
const VERSION_RE = new RegExp(
  `^[vV]?(${NUM})(?:\\.(${NUM}))?(?:\\.(${NUM}))?(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?$`,
);
const PARTIAL_RE =
  /^[vV]?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** A version (missing minor/patch read as 0, as Masterminds does); undefined when it is not one. */
export function parseVersion(raw: string): Version | undefined {
  const m = VERSION_RE.exec(raw.trim());
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2] ?? 0),
    patch: Number(m[3] ?? 0),
    prerelease: m[4] ? m[4].split('.') : [],
    raw,
  };
}

function comparePre(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length; // a release is newer than its prereleases
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  return (
    a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePre(a.prerelease, b.prerelease)
  );
}

const v = (major: number, minor: number, patch: number, prerelease: string[] = []): Version => ({
  major,
  minor,
  patch,
  prerelease,
  raw: `${major}.${minor}.${patch}`,
});

/** One comparator term (`>=1.2`, `~1.2.3`, `1.x`) expanded into plain comparisons; undefined if invalid. */
function expandTerm(term: string): Comparator[] | undefined {
  const m = /^(!=|>=|=>|<=|=<|>|<|=|~>|~|\^)?\s*(.+)$/.exec(term);
  if (!m) return undefined;
  const op = m[1] ?? '=';
  const p = PARTIAL_RE.exec(m[2] ?? '');
  if (!p) return undefined;
  const part = (s: string | undefined) => (s === undefined || /^[xX*]$/.test(s) ? undefined : Number(s));
  const major = part(p[1]);
  const minor = major === undefined ? undefined : part(p[2]);
  const patch = minor === undefined ? undefined : part(p[3]);
  const pre = p[4] ? p[4].split('.') : [];
  const lo = v(major ?? 0, minor ?? 0, patch ?? 0, pre);
  if (major === undefined) return op === '!=' || op === '<' || op === '>' ? [{ op: '<', v: v(0, 0, 0) }] : [];
  // The first version past the wildcard part: 1.2.x → 1.3.0, 1.x → 2.0.0.
  const next =
    minor === undefined ? v(major + 1, 0, 0) : patch === undefined ? v(major, minor + 1, 0) : undefined;
  switch (op) {
    case '=':
      return next
        ? [
            { op: '>=', v: lo },
            { op: '<', v: next },
          ]
        : [{ op: '=', v: lo }];
    case '!=':
      return next ? undefined : [{ op: '!=', v: lo }];
    case '>':
      return [{ op: next ? '>=' : '>', v: next ?? lo }];
    case '>=':
    case '=>':
      return [{ op: '>=', v: lo }];
    case '<':
      return [{ op: '<', v: lo }];
    case '<=':
    case '=<':
      return [{ op: next ? '<' : '<=', v: next ?? lo }];
    case '~':
    case '~>':
      return [
        { op: '>=', v: lo },
        { op: '<', v: minor === undefined ? v(major + 1, 0, 0) : v(major, minor + 1, 0) },
      ];
    case '^': {
      const upper =
        major > 0 || minor === undefined
          ? v(major + 1, 0, 0)
          : minor > 0 || patch === undefined
            ? v(0, minor + 1, 0)
            : v(0, 0, patch + 1);
      return [
        { op: '>=', v: lo },
        { op: '<', v: upper },
      ];
    }
    default:
      return undefined;
  }
}

/** Parses a constraint; undefined when the text is not one (a branch name, say). */
export function parseConstraint(text: string): Constraint | undefined {
  const groups: Constraint = [];
  for (const alt of text.split('||')) {
    // `1.0 - 2.0` is an inclusive range; otherwise terms are separated by commas or spaces.
    const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(alt);
    const raw = hyphen
      ? [`>=${hyphen[1] ?? ''}`, `<=${hyphen[2] ?? ''}`]
      : alt
          .replace(/(!=|>=|=>|<=|=<|~>|[<>=~^])\s+/g, '$1')
          .split(/[\s,]+/)
          .filter(Boolean);
    if (raw.length === 0) return undefined;
    const group: Comparator[] = [];
    for (const term of raw) {
      const cs = expandTerm(term);
      if (!cs) return undefined;
      group.push(...cs);
    }
    groups.push(group);
  }
  return groups;
}

function test(c: Comparator, x: Version): boolean {
  const d = compareVersions(x, c.v);
  switch (c.op) {
    case '=':
      return d === 0;
    case '!=':
      return d !== 0;
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
  }
}

/** Whether `x` satisfies the constraint; prereleases only match a group that names a prerelease. */
export function satisfies(x: Version, constraint: Constraint): boolean {
  return constraint.some(
    (group) =>
      (x.prerelease.length === 0 || group.some((c) => c.v.prerelease.length > 0)) &&
      group.every((c) => test(c, x)),
  );
}

/** The newest of `candidates` (tag names, chart versions) satisfying the constraint. */
export function maxSatisfying(candidates: Iterable<string>, constraint: Constraint): Version | undefined {
  let best: Version | undefined;
  for (const raw of candidates) {
    const x = parseVersion(raw);
    if (x && satisfies(x, constraint) && (!best || compareVersions(x, best) > 0)) best = x;
  }
  return best;
}
