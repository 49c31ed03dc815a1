// Client-side checks on an Application's editable fields, shown inline before the server is asked.
export interface AppFormValues {
  name: string;
  project: string;
  repoURL: string;
  path: string;
  targetRevision: string;
  destServer: string;
  destNamespace: string;
  automated: boolean;
  prune: boolean;
  selfHeal: boolean;
  syncOptions: string;
}

export type FieldErrors = Partial<Record<keyof AppFormValues, string>>;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const REPO = /^(https?:\/\/|ssh:\/\/|git@[^:]+:|file:\/\/|oci:\/\/)\S+$/;

export function validateAppForm(v: AppFormValues): FieldErrors {
  const e: FieldErrors = {};
  if (!v.name) e.name = 'A name is required.';
  else if (v.name.length > 53 || !DNS_LABEL.test(v.name))
    e.name =
      'Use lowercase letters, digits and "-", at most 53 characters, starting and ending with a letter or digit.';
  if (!v.project) e.project = 'Pick a project.';
  if (!v.repoURL) e.repoURL = 'A repository URL is required.';
  else if (!REPO.test(v.repoURL)) e.repoURL = 'Use an https://, ssh://, git@host: or file:// URL.';
  if (v.path.split('/').includes('..') || v.path.startsWith('/'))
    e.path = 'The path must stay inside the repository (relative, no "..").';
  if (!v.destServer) e.destServer = 'Pick a destination cluster.';
  if (v.destNamespace && (v.destNamespace.length > 63 || !DNS_LABEL.test(v.destNamespace)))
    e.destNamespace = 'Not a valid namespace name (lowercase letters, digits, "-").';
  const bad = v.syncOptions
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .find((o) => !/^[A-Za-z]+=[A-Za-z0-9-]+$/.test(o));
  if (bad) e.syncOptions = `"${bad}" is not of the form Option=value (e.g. CreateNamespace=true).`;
  if (!v.automated && (v.prune || v.selfHeal))
    e.automated = 'Prune and self-heal apply to automated sync only: enable it or clear them.';
  return e;
}

export type SourceType = 'Helm' | 'Kustomize' | 'Directory' | 'Jsonnet';

/** A guess from the path alone, used until (or when) the server cannot inspect the repository. */
export function guessSourceType(path: string): SourceType {
  const p = path.toLowerCase();
  if (/(^|\/)(charts?|helm)(\/|$)|chart\.ya?ml$/.test(p)) return 'Helm';
  if (/(^|\/)(overlays|base|kustomize)(\/|$)|kustomization\.ya?ml$/.test(p)) return 'Kustomize';
  if (/jsonnet|\.libsonnet$/.test(p)) return 'Jsonnet';
  return 'Directory';
}
