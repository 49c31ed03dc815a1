// Resource actions of an object: argocd-cm's Lua actions for its kind (replacing ours unless they merge), else ours.
import { splitApiVersion, type KubeObject } from '../model/index.js';
import { builtinActions } from './builtin.js';
import { luaActionSet, parseLuaActions } from './lua-actions.js';
import type { ActionRun, ActionSet, ResourceAction } from './types.js';

export type { ActionChange, ActionRun, ResourceAction } from './types.js';
export { RESTARTED_AT } from './builtin.js';

function groupKindOf(obj: KubeObject): string {
  return `${splitApiVersion(obj.apiVersion).group}/${obj.kind}`;
}

function actionSets(obj: KubeObject, cmData: Record<string, string> | undefined): ActionSet[] {
  const gk = groupKindOf(obj);
  const custom = parseLuaActions(cmData).configs.get(gk);
  const builtin = builtinActions(gk);
  if (!custom) return builtin ? [builtin] : [];
  return [luaActionSet(custom), ...(custom.mergeBuiltin && builtin ? [builtin] : [])];
}

/** The actions offered on `obj`; a failing discovery script is an error, not an empty list. */
export function listActions(
  obj: KubeObject,
  cmData: Record<string, string> | undefined,
): { ok: true; actions: ResourceAction[] } | { ok: false; error: string } {
  const actions: ResourceAction[] = [];
  for (const set of actionSets(obj, cmData)) {
    const found = set.discover(obj);
    if ('error' in found) return { ok: false, error: found.error };
    for (const a of found) if (!actions.some((x) => x.name === a.name)) actions.push(a);
  }
  return { ok: true, actions };
}

/** Runs `action` on `obj` if it is offered and enabled; the changes are for the caller to make. */
export function runAction(
  obj: KubeObject,
  action: string,
  params: Record<string, string>,
  cmData: Record<string, string> | undefined,
  now: Date,
): ActionRun {
  const listed = listActions(obj, cmData);
  if (!listed.ok) return listed;
  const offered = listed.actions.find((a) => a.name === action);
  const label = `${obj.kind} ${obj.metadata.name ?? ''}`;
  if (!offered)
    return {
      ok: false,
      error: `${label} has no action ${JSON.stringify(action)} (available: ${listed.actions.map((a) => a.name).join(', ') || 'none'})`,
    };
  if (offered.disabled)
    return { ok: false, error: `the action ${action} is disabled for ${label} in its current state` };
  for (const set of actionSets(obj, cmData)) {
    const found = set.discover(obj);
    if (!('error' in found) && found.some((a) => a.name === action)) return set.run(obj, action, params, now);
  }
  return { ok: false, error: `no script runs ${action}` };
}
