// `driftless bootstrap`: the install objects for one namespace, and the root Application through which
// Driftless manages itself (and whatever else the path holds: app of apps) from Git from then on.
import type { Application, KubeObject } from '../model/index.js';
import { defaultParams } from './params.js';
import { CLUSTER_SCOPED, crdObjects, installParts, yamlDocs } from './render-install.js';

export interface BootstrapOptions {
  repoURL: string;
  path: string;
  revision: string;
  namespace: string;
  /** The root Application's name. */
  appName: string;
  /** Let the root Application prune what leaves Git (off by default: the control plane is not pruned). */
  prune: boolean;
  version: string;
}

export interface BootstrapPlan {
  crds: KubeObject[];
  /** The namespace first, then config, RBAC and workloads, in install.yaml's order. */
  objects: KubeObject[];
  rootApp: Application;
}

/** In-cluster, as Argo CD names the cluster Driftless runs in. */
const IN_CLUSTER = 'https://kubernetes.default.svc';

export function bootstrapPlan(o: BootstrapOptions): BootstrapPlan {
  const parts = installParts({ ...defaultParams(o.version), namespace: o.namespace });
  const placed = [...parts.config, ...parts.controller, ...parts.server, ...parts.repoServer].map((obj) =>
    CLUSTER_SCOPED.has(obj.kind) ? obj : { ...obj, metadata: { ...obj.metadata, namespace: o.namespace } },
  );
  const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: o.namespace } };
  const rootApp: Application = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    // No resources finalizer: deleting the root Application never deletes Driftless itself.
    metadata: {
      name: o.appName,
      namespace: o.namespace,
      labels: { 'app.kubernetes.io/part-of': 'driftless' },
    },
    spec: {
      project: 'default',
      source: { repoURL: o.repoURL, path: o.path, targetRevision: o.revision },
      destination: { server: IN_CLUSTER, namespace: o.namespace },
      syncPolicy: { automated: { prune: o.prune, selfHeal: true } },
    },
  };
  return { crds: crdObjects(), objects: [namespace, ...placed], rootApp };
}

/** The file `bootstrap --write-manifests` commits: what bootstrap applies, the root Application too (it manages itself). */
export function bootstrapManifests(plan: BootstrapPlan, version: string): string {
  const header = `# Driftless v${version}, written by \`driftless bootstrap --write-manifests\`; an upgrade is a commit of this file.\n`;
  return header + yamlDocs([...plan.crds, ...plan.objects, plan.rootApp]);
}
