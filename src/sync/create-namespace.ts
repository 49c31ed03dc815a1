// CreateNamespace=true: the destination Namespace as a task, with managedNamespaceMetadata applied.
import { keyString, type KubeObject, type ResourceKey } from '../model/index.js';
import type { PlanContext } from './plan-context.js';
import type { SyncTask } from './plan-types.js';
import { mergeSyncOptions } from './sync-options.js';

/**
 * The Namespace task, or undefined when none is needed: the option is off, the app itself
 * manages that Namespace, or it exists and there is no managed metadata to keep in step.
 * It runs in PreSync at (or below) the lowest PreSync wave, because PreSync hooks usually live
 * in that namespace too.
 */
export function namespaceTask(
  ctx: PlanContext,
  appKeys: ReadonlySet<string>,
  lowestPreSyncWave: number,
): SyncTask | undefined {
  const name = ctx.input.destinationNamespace;
  if (!ctx.effective.createNamespace || name === '') return undefined;
  const resource: ResourceKey = { group: '', kind: 'Namespace', namespace: '', name };
  const key = keyString(resource);
  if (appKeys.has(key)) return undefined;
  const metadata = ctx.input.syncPolicy?.managedNamespaceMetadata;
  const live = ctx.input.live.get(key);
  const exists = live !== undefined || ctx.input.destinationNamespaceExists === true;
  if (exists && metadata === undefined) return undefined;
  const desired: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
  if (metadata?.labels !== undefined) desired.metadata.labels = { ...metadata.labels };
  if (metadata?.annotations !== undefined) desired.metadata.annotations = { ...metadata.annotations };
  const task: SyncTask = {
    id: `PreSync:apply:${key}`,
    kind: 'apply',
    phase: 'PreSync',
    wave: Math.min(0, lowestPreSyncWave),
    key,
    resource,
    desired,
    syncOptions: mergeSyncOptions(ctx.appOptions),
    compareOptions: { ignoreExtraneous: false },
    managedNamespace: true,
  };
  if (live !== undefined) task.live = live;
  return task;
}
