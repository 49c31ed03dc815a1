// The health contract: what an assessor is and what it answers.
import type { HealthStatusCode, KubeObject } from '../model/index.js';

export interface HealthStatus {
  status: HealthStatusCode;
  message?: string;
}

export interface GroupKind {
  group: string;
  kind: string;
}

/** Judges the health of objects of some kinds. Must never throw: malformed input is `Unknown`. */
export interface HealthAssessor {
  readonly kinds: readonly GroupKind[];
  assess(obj: KubeObject): HealthStatus;
}

export function groupKindKey(gk: GroupKind): string {
  return `${gk.group}/${gk.kind}`;
}
