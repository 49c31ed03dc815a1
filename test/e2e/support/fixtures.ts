// Shared e2e fixtures: a Widget CRD in a random API group, and per-file test namespaces.
import { randomSuffix } from './cluster.js';
import { kubectl } from './kubectl.js';

/** A namespaced `Widget` CRD in `group`; with `statusSubresource`, status is written through /status. */
export function widgetCrd(
  group: string,
  opts: { statusSubresource?: boolean } = {},
): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          ...(opts.statusSubresource ? { subresources: { status: {} } } : {}),
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}

/** Namespaces a test file deploys into: random names, all deleted (without waiting) by `cleanup`. */
export class TestNamespaces {
  private readonly names: string[] = [];
  /** A new namespace name `<prefix>-<random>` (created by the app under test, or by the caller). */
  next(prefix: string): string {
    const ns = `${prefix}-${randomSuffix()}`;
    this.names.push(ns);
    return ns;
  }
  find(prefix: string): string | undefined {
    return this.names.find((n) => n.startsWith(`${prefix}-`));
  }
  async cleanup(...extra: string[]): Promise<void> {
    for (const ns of [...this.names, ...extra]) await kubectl(['delete', 'namespace', ns, '--wait=false']);
  }
}
