// Hook detection: Argo CD hook annotations, Helm hooks mapped as Argo CD maps them, delete policies, names.
import {
  ANNOTATION_HELM_HOOK,
  ANNOTATION_HELM_HOOK_DELETE_POLICY,
  ANNOTATION_HELM_RESOURCE_POLICY,
  ANNOTATION_HOOK,
  ANNOTATION_HOOK_DELETE_POLICY,
  type KubeObject,
} from '../model/index.js';
import type { HookDeletePolicy, SyncPhase } from './plan-types.js';
import { splitOptionList } from './sync-options.js';

export interface HookInfo {
  /** A hook is not an app resource: it is run, never pruned, and not part of "is the app empty". */
  isHook: boolean;
  /** `Skip` alone: the object is in Git but is never applied. */
  skip: boolean;
  /** Phases it runs in, in phase order; empty for hooks Driftless does not run (e.g. helm test). */
  phases: SyncPhase[];
  deletePolicies: HookDeletePolicy[];
  source: 'argocd' | 'helm' | 'none';
  warnings: string[];
}

const ARGO_PHASES: readonly SyncPhase[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail', 'PostDelete'];

// Helm hook → Argo CD phase. Types missing here (test, pre-delete, pre/post-rollback) are hooks that
// Argo CD never runs; crd-install is not a hook at all (Helm 2 used it to mark plain CRDs).
const HELM_PHASES: Readonly<Record<string, SyncPhase>> = {
  'pre-install': 'PreSync',
  'pre-upgrade': 'PreSync',
  'post-install': 'PostSync',
  'post-upgrade': 'PostSync',
  'post-delete': 'PostDelete',
};
const HELM_NOT_A_HOOK = 'crd-install';

const ARGO_DELETE_POLICIES: readonly HookDeletePolicy[] = [
  'HookSucceeded',
  'HookFailed',
  'BeforeHookCreation',
];
const HELM_DELETE_POLICIES: Readonly<Record<string, HookDeletePolicy>> = {
  'hook-succeeded': 'HookSucceeded',
  'hook-failed': 'HookFailed',
  'before-hook-creation': 'BeforeHookCreation',
};

function inPhaseOrder(phases: Iterable<SyncPhase>): SyncPhase[] {
  const set = new Set(phases);
  return ARGO_PHASES.filter((p) => set.has(p));
}

function argoPhases(value: string, warnings: string[]): { phases: SyncPhase[]; skip: boolean } {
  const phases: SyncPhase[] = [];
  let sawSkip = false;
  for (const item of splitOptionList(value)) {
    const phase = ARGO_PHASES.find((p) => p === item);
    if (phase !== undefined) phases.push(phase);
    else if (item === 'Skip') sawSkip = true;
    else warnings.push(`unknown ${ANNOTATION_HOOK} value ${JSON.stringify(item)}`);
  }
  // As in Argo CD, Skip only means "do not apply" when no phase is given beside it.
  return { phases: inPhaseOrder(phases), skip: sawSkip && phases.length === 0 };
}

function helmPhases(value: string): SyncPhase[] {
  const phases: SyncPhase[] = [];
  for (const item of splitOptionList(value)) {
    const phase = HELM_PHASES[item];
    if (phase !== undefined) phases.push(phase);
  }
  return inPhaseOrder(phases);
}

function deletePolicies(obj: KubeObject, useHelm: boolean, warnings: string[]): HookDeletePolicy[] {
  const annotations = obj.metadata.annotations ?? {};
  const out = new Set<HookDeletePolicy>();
  for (const item of splitOptionList(annotations[ANNOTATION_HOOK_DELETE_POLICY])) {
    const p = ARGO_DELETE_POLICIES.find((x) => x === item);
    if (p !== undefined) out.add(p);
    else warnings.push(`unknown ${ANNOTATION_HOOK_DELETE_POLICY} value ${JSON.stringify(item)}`);
  }
  if (useHelm) {
    for (const item of splitOptionList(annotations[ANNOTATION_HELM_HOOK_DELETE_POLICY])) {
      const p = HELM_DELETE_POLICIES[item];
      if (p !== undefined) out.add(p);
    }
  }
  if (out.size === 0) out.add('BeforeHookCreation');
  return ARGO_DELETE_POLICIES.filter((p) => out.has(p));
}

/** How an object takes part in a sync, from its hook annotations. */
export function hookInfo(obj: KubeObject): HookInfo {
  const annotations = obj.metadata.annotations ?? {};
  const warnings: string[] = [];
  const argo = annotations[ANNOTATION_HOOK]?.trim();
  if (argo) {
    const { phases, skip } = argoPhases(argo, warnings);
    if (skip)
      return { isHook: false, skip: true, phases: [], deletePolicies: [], source: 'argocd', warnings };
    return {
      isHook: true,
      skip: false,
      phases,
      deletePolicies: deletePolicies(obj, false, warnings),
      source: 'argocd',
      warnings,
    };
  }
  // Helm hook annotations count only when no Argo CD hook annotation is present.
  const helm = annotations[ANNOTATION_HELM_HOOK]?.trim();
  if (helm && helm !== HELM_NOT_A_HOOK) {
    const phases = helmPhases(helm);
    return {
      isHook: true,
      skip: false,
      phases,
      deletePolicies: deletePolicies(obj, true, warnings),
      source: 'helm',
      warnings,
    };
  }
  return { isHook: false, skip: false, phases: [], deletePolicies: [], source: 'none', warnings };
}

/** `helm.sh/resource-policy: keep`: Helm and Argo CD never delete such an object. */
export function isKept(obj: KubeObject): boolean {
  return obj.metadata.annotations?.[ANNOTATION_HELM_RESOURCE_POLICY]?.trim() === 'keep';
}

/**
 * The name of a `generateName` hook for one operation: the same for every retry and every
 * executor restart of that operation (so a hook is never created twice), different per phase
 * (one object may be a hook of several phases) and per operation. Argo CD's scheme:
 * generateName + first 7 of the revision + phase + operation start in Unix seconds.
 */
export function hookName(
  generateName: string,
  phase: SyncPhase,
  revision: string,
  startedAt: string,
): string {
  const seconds = Math.floor(Date.parse(startedAt) / 1000);
  const parts = [revision.slice(0, 7), phase, Number.isFinite(seconds) ? String(seconds) : '0'].filter(
    (p) => p !== '',
  );
  return `${generateName}${parts.join('-')}`.toLowerCase();
}
