// Custom health from argocd-cm: Lua overrides by group/kind, wildcards, and the registry the controller uses.
import { groupOf, type KubeObject } from '../model/index.js';
import {
  parseGenericExclusions,
  parseHealthCustomizations,
  type HealthCustomization,
} from './custom-health-config.js';
import { BUILTIN_LUA_SCRIPTS, builtinLuaOverrides } from './lua/builtin/index.js';
import { luaAssessor } from './lua/lua-assessor.js';
import { sharedLuaVm } from './lua/lua-vm.js';
import { createHealthRegistry, type HealthRegistry } from './registry.js';
import type { HealthAssessor } from './types.js';

export { luaAssessor } from './lua/lua-assessor.js';

type Override = Pick<HealthAssessor, 'assess'>;

/**
 * Which assessor judged an object: a TypeScript one, a Lua script we ship, one from argocd-cm, the generic
 * kstatus check, or none (Healthy if it exists).
 */
export type HealthSource = 'builtin' | 'lua-builtin' | 'lua-config' | 'generic' | 'none';

export interface ConfigMapHealthOverrides {
  /** By registry key (`group/kind`, `/Kind` for core; wildcard keys such as `*.crossplane.io/*` too). */
  overrides: Record<string, Override>;
  /** One line per entry that could not be used (bad key, bad YAML, a script that does not compile). */
  errors: string[];
}

export interface ConfiguredHealth {
  registry: HealthRegistry;
  errors: string[];
  /** Where the registry's verdict for `obj` comes from. */
  sourceOf(obj: KubeObject): HealthSource;
}

/**
 * Lua health overrides from an argocd-cm ConfigMap. Never throws: bad entries land in `errors`; a script
 * that does not compile is still registered, so its objects show Unknown with the syntax error.
 */
export function healthOverridesFromConfigMap(cm: KubeObject): ConfigMapHealthOverrides {
  const { overrides, errors } = loadCustomizations(cm);
  return { overrides, errors };
}

/**
 * The registry the controller uses: built-in assessors, then our Lua scripts, then argocd-cm's scripts
 * (exact group/kind first, then wildcards, as Argo CD looks them up).
 */
export function healthRegistryFromConfigMap(cm?: KubeObject): ConfiguredHealth {
  const { customizations, overrides, errors } = cm
    ? loadCustomizations(cm)
    : { customizations: [], overrides: {}, errors: [] };
  const exclusions = parseGenericExclusions(cm);
  errors.push(...exclusions.errors);
  const keyOf = (obj: KubeObject): string => `${groupOf(obj)}/${obj.kind}`;
  // Argo CD matches wildcards against `group/Kind`, or just `Kind` for the core group.
  const argoKeyOf = (obj: KubeObject): string => {
    const group = groupOf(obj);
    return group ? `${group}/${obj.kind}` : obj.kind;
  };
  const genericOn = (obj: KubeObject): boolean => !exclusions.patterns.some((p) => p.test(argoKeyOf(obj)));
  const base = createHealthRegistry({
    overrides: { ...builtinLuaOverrides(), ...overrides },
    useFallback: genericOn,
  });
  const exact = new Set(customizations.filter((c) => !c.pattern).map((c) => c.key));
  // Argo CD takes the first match in map order (random); sorting makes ours at least stable.
  const wildcards = customizations
    .flatMap((c) => (c.pattern ? [{ key: c.key, pattern: c.pattern }] : []))
    .sort((a, b) => a.key.localeCompare(b.key))
    .flatMap((w) => {
      const assessor = overrides[w.key];
      return assessor ? [{ pattern: w.pattern, assessor }] : [];
    });

  const wildcardFor = (obj: KubeObject) =>
    exact.has(keyOf(obj)) ? undefined : wildcards.find((w) => w.pattern.test(argoKeyOf(obj)));

  return {
    errors,
    registry: {
      lookup(obj) {
        const w = wildcardFor(obj);
        if (!w) return base.lookup(obj);
        return { kinds: [{ group: groupOf(obj), kind: obj.kind }], assess: (o) => w.assessor.assess(o) };
      },
    },
    sourceOf(obj) {
      const key = keyOf(obj);
      if (exact.has(key) || wildcardFor(obj)) return 'lua-config';
      if (key in BUILTIN_LUA_SCRIPTS) return 'lua-builtin';
      if (base.isSpecific?.(obj)) return 'builtin';
      return genericOn(obj) ? 'generic' : 'none';
    },
  };
}

function loadCustomizations(
  cm: KubeObject,
): ConfigMapHealthOverrides & { customizations: HealthCustomization[] } {
  const { customizations, errors } = parseHealthCustomizations(cm);
  const overrides: Record<string, Override> = {};
  for (const c of customizations) {
    const syntax = sharedLuaVm().compileError(c.script, c.origin);
    if (syntax) errors.push(`${c.origin}: ${syntax}`);
    overrides[c.key] = luaAssessor(c.script, { name: c.origin });
  }
  return { customizations, overrides, errors };
}
