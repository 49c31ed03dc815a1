// What generators need from the outside world, as small ports the composition root fills in.
import type { HttpAnswer, HttpCall } from '../../common/outbound-http.js';
import type { Cluster } from '../../model/cluster-secret.js';
import type { ApplicationSet, KubeObject } from '../../model/index.js';
import type { Params } from '../params.js';

/** A checkout of a Git revision on local disk (read-only). */
export interface GitCheckout {
  sha: string;
  root: string;
}

export interface GeneratorDeps {
  /** Destination clusters: cluster Secrets plus in-cluster (the fleet's registry in the product). */
  clusters(): readonly Cluster[];
  checkout(repoURL: string, revision: string | undefined, project: string | undefined): Promise<GitCheckout>;
  /** A ConfigMap or Secret of the ApplicationSet's namespace, from the watch cache. */
  object(kind: 'ConfigMap' | 'Secret', name: string): KubeObject | undefined;
  /** Objects of a group/kind in the ApplicationSet's namespace (clusterDecisionResource). */
  list(apiVersion: string, kind: string): Promise<KubeObject[]>;
  /** HTTP for plugin generators (the product's outbound HTTP client). */
  http: (call: HttpCall) => Promise<HttpAnswer>;
}

export interface GenerateContext {
  appSet: ApplicationSet;
  goTemplate: boolean;
  goTemplateOptions: readonly string[];
  deps: GeneratorDeps;
}

/** What one generator produced, and when it wants to run again (seconds; undefined = on events only). */
export interface GeneratorOutput {
  params: Params[];
  requeueAfterSeconds?: number;
}
