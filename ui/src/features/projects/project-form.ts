// A project as form text (one entry a line) and back: sources, destinations, kind lists, roles, sync windows. Pure.
import type { AppProject } from '../../api/types.ts';

type Spec = AppProject['spec'];
type GroupKind = { group: string; kind: string };
export type RoleValues = {
  name: string;
  description: string;
  /** Policy lines, `p, proj:<project>:<role>, applications, get, <project>/*, allow`. */
  policies: string;
  groups: string;
  /** Issued tokens (kept as they are; revoked one by one). */
  jwtTokens: NonNullable<Spec['roles']>[number]['jwtTokens'];
};
export type WindowValues = {
  kind: 'allow' | 'deny';
  schedule: string;
  duration: string;
  applications: string;
  namespaces: string;
  clusters: string;
  manualSync: boolean;
  timeZone: string;
};
export interface ProjectValues {
  name: string;
  description: string;
  sourceRepos: string;
  /** `<server URL or cluster name> <namespace>` a line. */
  destinations: string;
  clusterAllow: string;
  clusterDeny: string;
  namespaceAllow: string;
  namespaceDeny: string;
  roles: RoleValues[];
  syncWindows: WindowValues[];
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const commaList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const kindsText = (l: GroupKind[] | undefined) => (l ?? []).map((g) => `${g.group}/${g.kind}`).join('\n');
/** `apps/Deployment`, `/ConfigMap` or `ConfigMap` (the core group), `*\/*`. */
export function parseKinds(text: string): GroupKind[] {
  return lines(text).map((l) => {
    const i = l.lastIndexOf('/');
    return i < 0 ? { group: '', kind: l } : { group: l.slice(0, i), kind: l.slice(i + 1) };
  });
}

export function parseDestinations(text: string): NonNullable<Spec['destinations']> {
  return lines(text).map((l) => {
    const [target = '*', namespace = '*'] = l.split(/\s+/);
    return /^https?:\/\//.test(target) || target === '*'
      ? { server: target, namespace }
      : { name: target, namespace };
  });
}

export const EMPTY_ROLE: RoleValues = {
  name: '',
  description: '',
  policies: '',
  groups: '',
  jwtTokens: undefined,
};
export const EMPTY_WINDOW: WindowValues = {
  kind: 'allow',
  schedule: '0 22 * * *',
  duration: '1h',
  applications: '*',
  namespaces: '',
  clusters: '',
  manualSync: false,
  timeZone: '',
};

export function projectValues(p: AppProject | undefined): ProjectValues {
  const s: Spec = p?.spec ?? {};
  return {
    name: p?.metadata.name ?? '',
    description: s.description ?? '',
    sourceRepos: (s.sourceRepos ?? []).join('\n'),
    destinations: (s.destinations ?? [])
      .map((d) => `${d.server ?? d.name ?? '*'} ${d.namespace ?? '*'}`)
      .join('\n'),
    clusterAllow: kindsText(s.clusterResourceWhitelist),
    clusterDeny: kindsText(s.clusterResourceBlacklist),
    namespaceAllow: kindsText(s.namespaceResourceWhitelist),
    namespaceDeny: kindsText(s.namespaceResourceBlacklist),
    roles: (s.roles ?? []).map((r) => ({
      name: r.name,
      description: r.description ?? '',
      policies: (r.policies ?? []).join('\n'),
      groups: (r.groups ?? []).join(', '),
      jwtTokens: r.jwtTokens,
    })),
    syncWindows: (s.syncWindows ?? []).map((w) => ({
      kind: w.kind,
      schedule: w.schedule,
      duration: w.duration,
      applications: (w.applications ?? []).join(', '),
      namespaces: (w.namespaces ?? []).join(', '),
      clusters: (w.clusters ?? []).join(', '),
      manualSync: w.manualSync ?? false,
      timeZone: w.timeZone ?? '',
    })),
  };
}

/** The spec for these values over `base` (fields the form does not show are kept). Empty lists are left out. */
export function projectSpec(v: ProjectValues, base: Spec = {}): Spec {
  const spec: Spec = { ...base };
  const put = <K extends keyof Spec>(key: K, value: Spec[K] | undefined, empty: boolean) => {
    if (empty) delete spec[key];
    else spec[key] = value as Spec[K];
  };
  put('description', v.description.trim(), !v.description.trim());
  const repos = lines(v.sourceRepos);
  put('sourceRepos', repos, repos.length === 0);
  const dest = parseDestinations(v.destinations);
  put('destinations', dest, dest.length === 0);
  for (const [key, text] of [
    ['clusterResourceWhitelist', v.clusterAllow],
    ['clusterResourceBlacklist', v.clusterDeny],
    ['namespaceResourceWhitelist', v.namespaceAllow],
    ['namespaceResourceBlacklist', v.namespaceDeny],
  ] as const) {
    const kinds = parseKinds(text);
    put(key, kinds, kinds.length === 0);
  }
  const roles = v.roles
    .filter((r) => r.name.trim())
    .map((r) => ({
      name: r.name.trim(),
      ...(r.description.trim() ? { description: r.description.trim() } : {}),
      ...(lines(r.policies).length ? { policies: lines(r.policies) } : {}),
      ...(commaList(r.groups).length ? { groups: commaList(r.groups) } : {}),
      ...(r.jwtTokens?.length ? { jwtTokens: r.jwtTokens } : {}),
    }));
  put('roles', roles, roles.length === 0);
  const windows = v.syncWindows.map((w) => ({
    kind: w.kind,
    schedule: w.schedule.trim(),
    duration: w.duration.trim(),
    ...(commaList(w.applications).length ? { applications: commaList(w.applications) } : {}),
    ...(commaList(w.namespaces).length ? { namespaces: commaList(w.namespaces) } : {}),
    ...(commaList(w.clusters).length ? { clusters: commaList(w.clusters) } : {}),
    ...(w.manualSync ? { manualSync: true } : {}),
    ...(w.timeZone.trim() ? { timeZone: w.timeZone.trim() } : {}),
  }));
  put('syncWindows', windows, windows.length === 0);
  return spec;
}

/** What must be fixed before saving, by field; empty when the values can be sent. */
export function projectErrors(v: ProjectValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v.name))
    errors['name'] = 'Lower-case letters, digits and dashes; starts and ends with a letter or digit';
  const names = v.roles.map((r) => r.name.trim()).filter(Boolean);
  v.roles.forEach((r, i) => {
    if (!r.name.trim() && (r.policies.trim() || r.description.trim()))
      errors[`role-${i}`] = 'A role needs a name';
    else if (names.indexOf(r.name.trim()) !== names.lastIndexOf(r.name.trim()))
      errors[`role-${i}`] = `Two roles are named ${r.name.trim()}`;
  });
  v.syncWindows.forEach((w, i) => {
    if (w.schedule.trim().split(/\s+/).length !== 5)
      errors[`window-${i}`] = 'The schedule is a cron expression of five fields, e.g. 0 22 * * *';
    else if (!/^\d+[hms]$|^(\d+h)?(\d+m)?(\d+s)?$/.test(w.duration.trim()) || !w.duration.trim())
      errors[`window-${i}`] = 'The duration is like 1h, 30m or 1h30m';
  });
  return errors;
}

/** The policy line Argo CD's UI offers for a new role: read this project's apps. */
export function defaultPolicy(project: string, role: string): string {
  return `p, proj:${project}:${role}, applications, get, ${project}/*, allow`;
}
