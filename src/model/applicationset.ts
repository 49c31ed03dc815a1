// Argo CD's argoproj.io/v1alpha1 ApplicationSet: generators, template, policies and status (the fields read and written).
import type { Application, ApplicationSpec } from './application.js';
import { isPlainObject, type KubeObject } from './kube-object.js';

/** Set by webhooks (and users) to ask for a reconcile now; removed once done, as Argo CD does. */
export const ANNOTATION_APPSET_REFRESH = 'argocd.argoproj.io/application-set-refresh';

const WRITABLE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;

/** The Application API resource (the shape of kube's ApiResource; model imports nothing of kube). */
export const APPLICATION_RESOURCE = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  kind: 'Application',
  resource: 'applications',
  namespaced: true,
  verbs: WRITABLE,
  subresources: ['status'],
} as const;

/** The ApplicationSet API resource. */
export const APPLICATIONSET_RESOURCE = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  kind: 'ApplicationSet',
  resource: 'applicationsets',
  namespaced: true,
  verbs: WRITABLE,
  subresources: ['status'],
} as const;

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface AppTemplate {
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  spec: ApplicationSpec;
}

export interface ListGenerator {
  elements?: Record<string, unknown>[];
  elementsYaml?: string;
  template?: AppTemplate;
}
export interface ClusterGenerator {
  selector?: LabelSelector;
  values?: Record<string, string>;
  template?: AppTemplate;
}
export interface GitPathEntry {
  path: string;
  exclude?: boolean;
}
export interface GitGenerator {
  repoURL: string;
  revision?: string;
  directories?: GitPathEntry[];
  files?: GitPathEntry[];
  pathParamPrefix?: string;
  values?: Record<string, string>;
  requeueAfterSeconds?: number;
  template?: AppTemplate;
}
export interface PluginGenerator {
  configMapRef: { name: string };
  input?: { parameters?: Record<string, unknown> };
  values?: Record<string, string>;
  requeueAfterSeconds?: number;
  template?: AppTemplate;
}
export interface DuckTypeGenerator {
  configMapRef: string;
  name?: string;
  labelSelector?: LabelSelector;
  values?: Record<string, string>;
  requeueAfterSeconds?: number;
  template?: AppTemplate;
}
/** matrix and merge nest generators; their children are generators without matrix/merge beyond two levels. */
export interface MatrixGenerator {
  generators: Generator[];
  template?: AppTemplate;
}
export interface MergeGenerator {
  generators: Generator[];
  mergeKeys: string[];
  template?: AppTemplate;
}

export interface Generator {
  list?: ListGenerator;
  clusters?: ClusterGenerator;
  git?: GitGenerator;
  matrix?: MatrixGenerator;
  merge?: MergeGenerator;
  plugin?: PluginGenerator;
  clusterDecisionResource?: DuckTypeGenerator;
  selector?: LabelSelector;
}

export interface RollingSyncStep {
  matchExpressions?: LabelSelectorRequirement[];
  maxUpdate?: number | string;
}

export interface ApplicationSetSpec {
  generators: Generator[];
  template: AppTemplate;
  templatePatch?: string;
  goTemplate?: boolean;
  goTemplateOptions?: string[];
  syncPolicy?: {
    preserveResourcesOnDeletion?: boolean;
    applicationsSync?: 'create-only' | 'create-update' | 'create-delete' | 'sync';
  };
  strategy?: { type?: 'AllAtOnce' | 'RollingSync'; rollingSync?: { steps?: RollingSyncStep[] } };
  preservedFields?: { annotations?: string[]; labels?: string[] };
}

export interface ApplicationSetCondition {
  type: 'ErrorOccurred' | 'ParametersGenerated' | 'ResourcesUpToDate' | 'RolloutProgressing';
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

/** One generated Application as status.resources lists it. */
export interface ApplicationSetResource {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
  status?: string;
  health?: { status?: string; message?: string };
}

export interface ApplicationSetApplicationStatus {
  application: string;
  lastTransitionTime?: string;
  message: string;
  status: 'Waiting' | 'Pending' | 'Progressing' | 'Healthy';
  step: string;
  targetRevisions?: string[];
}

export interface ApplicationSetStatus {
  conditions?: ApplicationSetCondition[];
  resources?: ApplicationSetResource[];
  applicationStatus?: ApplicationSetApplicationStatus[];
}

export interface ApplicationSet extends KubeObject {
  spec: ApplicationSetSpec;
  status?: ApplicationSetStatus;
}

/** The repositories an ApplicationSet's git generators read, nested ones included (webhooks refresh by these). */
export function appSetGitRepos(appSet: ApplicationSet): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isPlainObject(v)) {
      const git = v['git'];
      if (isPlainObject(git) && typeof git['repoURL'] === 'string') out.push(git['repoURL']);
      for (const [k, x] of Object.entries(v)) if (k !== 'template') visit(x);
    }
  };
  visit(appSet.spec?.generators);
  return out;
}

/** Whether an Application is owned by this ApplicationSet (by uid, or by name when a uid is unknown). */
export function isOwnedByAppSet(app: Application, appSet: ApplicationSet): boolean {
  return (app.metadata.ownerReferences ?? []).some(
    (r) =>
      r.kind === 'ApplicationSet' &&
      r.name === appSet.metadata.name &&
      (!appSet.metadata.uid || !r.uid || r.uid === appSet.metadata.uid),
  );
}
