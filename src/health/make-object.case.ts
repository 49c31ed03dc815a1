// Test helper: a Kubernetes object of a kind with the given spec, status and metadata.
import type { KubeObject } from '../model/index.js';

export function kube(
  apiVersion: string,
  kind: string,
  parts: { spec?: unknown; status?: unknown; metadata?: Record<string, unknown> } = {},
): KubeObject {
  const o: KubeObject = { apiVersion, kind, metadata: { name: 'x', namespace: 'ns', ...parts.metadata } };
  if (parts.spec !== undefined) o.spec = parts.spec;
  if (parts.status !== undefined) o.status = parts.status;
  return o;
}
