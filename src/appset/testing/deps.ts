// Plain-object generator dependencies for unit tests: clusters, a checkout directory, objects, HTTP.
import type { Cluster } from '../../model/cluster-secret.js';
import { inClusterEntry } from '../../model/cluster-secret.js';
import type { ApplicationSet, KubeObject } from '../../model/index.js';
import type { GenerateContext, GeneratorDeps } from '../generators/types.js';

export function cluster(name: string, server: string, labels: Record<string, string> = {}): Cluster {
  return {
    name,
    server,
    secretName: `cluster-${name}`,
    namespaces: [],
    clusterResources: true,
    labels,
    annotations: { owner: 'team-a' },
    config: {},
    inCluster: false,
  };
}

export function fakeDeps(over: Partial<GeneratorDeps> = {}): GeneratorDeps {
  return {
    clusters: () => [inClusterEntry()],
    checkout: () => Promise.reject(new Error('no checkout in this test')),
    object: () => undefined,
    list: () => Promise.resolve([] as KubeObject[]),
    http: () => Promise.reject(new Error('no network in this test')),
    ...over,
  };
}

export function appSetOf(spec: Partial<ApplicationSet['spec']> = {}, name = 'set'): ApplicationSet {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name, namespace: 'argocd', uid: 'uid-1' },
    spec: {
      generators: [],
      template: {
        metadata: { name: '{{name}}' },
        spec: {
          project: 'default',
          source: { repoURL: 'https://example.com/r.git', path: '.' },
          destination: { server: 'https://kubernetes.default.svc', namespace: 'x' },
        },
      },
      ...spec,
    },
  };
}

export function ctxOf(goTemplate: boolean, deps: GeneratorDeps = fakeDeps(), spec = {}): GenerateContext {
  return { appSet: appSetOf(spec), goTemplate, goTemplateOptions: [], deps };
}
