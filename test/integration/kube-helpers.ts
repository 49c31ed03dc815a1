// Shared set-up for the kube-* e2e files: a client on the e2e cluster and a namespace of one's own.
import type { ApiResource } from '../../src/kube/api-resource.js';
import type { KubeObject } from '../../src/model/kube-object.js';
import { KubeClient } from '../../src/kube/client.js';
import { Discovery } from '../../src/kube/discovery.js';
import { loadKubeconfig } from '../../src/kube/kubeconfig.js';
import { e2eKubeconfig, randomSuffix, waitFor } from '../e2e/support/cluster.js';

export interface KubeFixture {
  client: KubeClient;
  discovery: Discovery;
  ns: string;
  /** The served resource for group/kind; fails the test if the cluster does not serve it. */
  res(group: string, kind: string): Promise<ApiResource>;
  /** Deletes the namespace (and everything in it) and closes the client. */
  cleanup(): Promise<void>;
}

export async function kubeFixture(prefix: string): Promise<KubeFixture> {
  const client = new KubeClient(loadKubeconfig(e2eKubeconfig()));
  const discovery = new Discovery(client);
  const ns = `${prefix}-${randomSuffix()}`;
  const res = async (group: string, kind: string): Promise<ApiResource> => {
    // A CRD can be Established a moment before discovery lists it: wait for it, with a deadline.
    const r = await waitFor(() => discovery.find(group, kind), {
      what: `the e2e cluster to serve ${group}/${kind}`,
      timeoutMs: 30_000,
    });
    return r;
  };
  const nsRes = await res('', 'Namespace');
  await client.create(nsRes, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  return {
    client,
    discovery,
    ns,
    res,
    cleanup: async () => {
      await client.delete(nsRes, ns, { propagationPolicy: 'Background' }).catch(() => undefined);
      client.close();
    },
  };
}

export function configMap(ns: string, name: string, data: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data };
}
