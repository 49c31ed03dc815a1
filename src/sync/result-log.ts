// The resource results of one execution, in the order the executor first met each resource.
import type { ResourceResult } from '../model/index.js';
import { splitApiVersion } from '../model/index.js';
import type { SkippedResource, SyncTask } from './plan-types.js';

export class ResultLog {
  readonly results: ResourceResult[] = [];

  constructor(private readonly onProgress?: (results: readonly ResourceResult[]) => void) {}

  record(task: SyncTask, status: ResourceResult['status'], message: string, hookPhase?: string): void {
    const version = splitApiVersion((task.desired ?? task.live)?.apiVersion ?? '').version;
    const result: ResourceResult = {
      group: task.resource.group,
      version,
      kind: task.resource.kind,
      namespace: task.resource.namespace,
      name: task.resource.name,
      status,
      message,
      syncPhase: task.phase,
    };
    if (task.kind === 'hook') {
      result.hookType = task.phase;
      if (hookPhase) result.hookPhase = hookPhase;
    }
    const i = this.results.findIndex((r) => sameResult(r, result));
    if (i >= 0) this.results[i] = result;
    else this.results.push(result);
    this.onProgress?.(this.results);
  }

  recordSkips(skipped: readonly SkippedResource[]): void {
    for (const s of skipped) {
      if (s.result !== 'PruneSkipped') continue;
      const [group = '', kind = '', namespace = '', name = ''] = s.key.split('/');
      this.results.push({
        group,
        version: '',
        kind,
        namespace,
        name,
        status: 'PruneSkipped',
        message: s.message,
      });
    }
  }

  summary(): string {
    const count = (s: ResourceResult['status']) => this.results.filter((r) => r.status === s).length;
    return `${count('Synced')} applied, ${count('Pruned')} pruned`;
  }
}

function sameResult(a: ResourceResult, b: ResourceResult): boolean {
  return (
    a.group === b.group &&
    a.kind === b.kind &&
    a.namespace === b.namespace &&
    a.name === b.name &&
    a.syncPhase === b.syncPhase
  );
}
