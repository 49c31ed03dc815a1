// Argo CD's custom actions from argocd-cm: `resource.customizations.actions.<group>_<Kind>` (discovery.lua + definitions).
import { parse } from 'yaml';
import { errorMessage } from '../common/errors.js';
import { readJson, sharedLuaVm } from '../health/index.js';
import { isPlainObject, type KubeObject } from '../model/index.js';
import type { ActionChange, ActionParam, ActionRun, ActionSet, ResourceAction } from './types.js';

const PREFIX = 'resource.customizations.actions.';

export interface LuaActionConfig {
  groupKind: string;
  origin: string;
  discovery: string;
  definitions: Map<string, string>;
  /** Argo CD's `mergeBuiltinActions`: offer the built-in actions beside these. */
  mergeBuiltin: boolean;
}

/** `apps_Deployment` → `apps/Deployment`; `Pod` (core group) → `/Pod`. */
function groupKindOf(suffix: string): string {
  const cut = suffix.lastIndexOf('_');
  return cut < 0 ? `/${suffix}` : `${suffix.slice(0, cut)}/${suffix.slice(cut + 1)}`;
}

/** Every action entry of argocd-cm; a malformed one is reported in `errors` and left out. */
export function parseLuaActions(data: Record<string, string> | undefined): {
  configs: Map<string, LuaActionConfig>;
  errors: string[];
} {
  const configs = new Map<string, LuaActionConfig>();
  const errors: string[] = [];
  for (const [key, text] of Object.entries(data ?? {})) {
    if (!key.startsWith(PREFIX)) continue;
    const origin = `argocd-cm ${key}`;
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (e) {
      errors.push(`${origin}: not YAML: ${errorMessage(e)}`);
      continue;
    }
    if (!isPlainObject(doc) || typeof doc['discovery.lua'] !== 'string') {
      errors.push(`${origin}: needs a discovery.lua script`);
      continue;
    }
    const definitions = new Map<string, string>();
    for (const d of Array.isArray(doc.definitions) ? doc.definitions : []) {
      if (isPlainObject(d) && typeof d.name === 'string' && typeof d['action.lua'] === 'string')
        definitions.set(d.name, d['action.lua']);
      else errors.push(`${origin}: each definition needs a name and an action.lua script`);
    }
    const groupKind = groupKindOf(key.slice(PREFIX.length));
    configs.set(groupKind, {
      groupKind,
      origin,
      discovery: doc['discovery.lua'],
      definitions,
      mergeBuiltin: doc.mergeBuiltinActions === true,
    });
  }
  return { configs, errors };
}

function paramsOf(raw: unknown): ActionParam[] | undefined {
  if (!Array.isArray(raw) && !isPlainObject(raw)) return undefined;
  const list = Array.isArray(raw) ? raw : Object.values(raw);
  const params = list.filter(isPlainObject).flatMap((p): ActionParam[] =>
    typeof p.name === 'string'
      ? [
          {
            name: p.name,
            ...(typeof p.type === 'string' ? { type: p.type } : {}),
            ...(typeof p.default === 'string' ? { default: p.default } : {}),
          },
        ]
      : [],
  );
  return params.length > 0 ? params : undefined;
}

function discovered(value: unknown): ResourceAction[] {
  if (!isPlainObject(value)) return [];
  return Object.entries(value)
    .map(([name, v]): ResourceAction => {
      const o = isPlainObject(v) ? v : {};
      const params = paramsOf(o.params);
      return {
        name,
        disabled: o.disabled === true,
        ...(typeof o.iconClass === 'string' ? { iconClass: o.iconClass } : {}),
        ...(typeof o.displayName === 'string' ? { displayName: o.displayName } : {}),
        ...(params ? { params } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** An action returns the changed object, or (Argo CD 2.8+) a list of `{operation = "create"|"patch", resource = …}`. */
function changesOf(value: unknown): ActionChange[] | string {
  const isObject = (v: unknown): v is KubeObject =>
    isPlainObject(v) && typeof v.kind === 'string' && isPlainObject(v.metadata);
  if (isObject(value)) return [{ operation: 'patch', resource: value }];
  if (!Array.isArray(value))
    return 'the action script must return the changed object or a list of operations';
  const out: ActionChange[] = [];
  for (const item of value) {
    if (
      !isPlainObject(item) ||
      (item.operation !== 'create' && item.operation !== 'patch') ||
      !isObject(item.resource)
    )
      return 'each operation the action script returns needs operation = "create" or "patch" and a resource';
    out.push({ operation: item.operation, resource: item.resource });
  }
  return out;
}

export function luaActionSet(c: LuaActionConfig): ActionSet {
  const vm = () => sharedLuaVm();
  return {
    origin: c.origin,
    discover(obj) {
      const r = vm().run(c.discovery, obj, readJson, { name: 'discovery.lua' });
      return r.ok ? discovered(r.value) : { error: `${c.origin}: discovery.lua: ${r.error}` };
    },
    run(obj, action, params, _now): ActionRun {
      const script = c.definitions.get(action);
      if (script === undefined)
        return { ok: false, error: `${c.origin} defines no action ${JSON.stringify(action)}` };
      const r = vm().run(script, obj, readJson, {
        name: `${action}/action.lua`,
        globals: { actionParams: params },
      });
      if (!r.ok) return { ok: false, error: `${action}/action.lua: ${r.error}` };
      const changes = changesOf(r.value);
      return typeof changes === 'string' ? { ok: false, error: changes } : { ok: true, changes };
    },
  };
}
