// Turns one parameter set into an Application: template (+ generator override) rendered string by string, then templatePatch.
import { parse as parseYaml } from 'yaml';
import {
  API_VERSION,
  FINALIZER_RESOURCES,
  isPlainObject,
  type Application,
  type ApplicationSet,
  type AppTemplate,
} from '../model/index.js';
import { GeneratorError, type Params } from './params.js';
import { renderStrings, type TemplateMode } from './render-strings.js';
import { applyTemplatePatch } from './template-patch.js';

/** Deep merge of a generator's template over the ApplicationSet's (the generator's fields win). */
export function mergeTemplates(base: AppTemplate, over: AppTemplate | undefined): AppTemplate {
  if (!over) return base;
  const merge = (a: unknown, b: unknown): unknown => {
    if (!isPlainObject(a) || !isPlainObject(b)) return b === undefined || b === '' ? a : b;
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
    return out;
  };
  return merge(base, over) as AppTemplate;
}

/** Renders every string value and every map key of a JSON value, in one engine call. */
function renderTree(value: unknown, params: Params, mode: TemplateMode): unknown {
  const texts: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') texts.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (isPlainObject(v))
      for (const [k, x] of Object.entries(v)) {
        texts.push(k);
        collect(x);
      }
  };
  collect(value);
  const out = renderStrings(texts, params, mode);
  let i = 0;
  const next = (): string => out[i++] ?? '';
  const rebuild = (v: unknown): unknown => {
    if (typeof v === 'string') return next();
    if (Array.isArray(v)) return v.map(rebuild);
    if (isPlainObject(v)) {
      const o: Record<string, unknown> = {};
      for (const x of Object.values(v)) {
        const key = next();
        Object.defineProperty(o, key, {
          value: rebuild(x),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return o;
    }
    return v;
  };
  return rebuild(value);
}

function patchOf(text: string, params: Params, mode: TemplateMode): Record<string, unknown> | undefined {
  const [rendered = ''] = renderStrings([text], params, mode);
  let patch: unknown;
  try {
    patch = parseYaml(rendered);
  } catch (e) {
    throw new GeneratorError(`error parsing the rendered templatePatch: ${(e as Error).message}`);
  }
  if (patch === null || patch === undefined) return undefined;
  if (!isPlainObject(patch)) throw new GeneratorError('templatePatch must render to a YAML or JSON object');
  return patch;
}

export const OWNER_KIND = 'ApplicationSet';

/** The Application an ApplicationSet generates for one parameter set. */
export function renderApplication(
  appSet: ApplicationSet,
  template: AppTemplate,
  params: Params,
  mode: TemplateMode,
): Application {
  let rendered = renderTree(template, params, mode) as AppTemplate;
  if (appSet.spec.templatePatch) {
    const patch = patchOf(appSet.spec.templatePatch, params, mode);
    if (patch) rendered = applyTemplatePatch(rendered, patch);
  }
  const meta = rendered.metadata ?? {};
  if (!meta.name) throw new GeneratorError('the rendered template has no metadata.name');
  const finalizers = [...(meta.finalizers ?? [])];
  // Generated apps delete their resources with them unless the ApplicationSet preserves them.
  if (
    !appSet.spec.syncPolicy?.preserveResourcesOnDeletion &&
    !finalizers.some((f) => f.startsWith(FINALIZER_RESOURCES))
  )
    finalizers.push(FINALIZER_RESOURCES);
  return {
    apiVersion: API_VERSION,
    kind: 'Application',
    metadata: {
      name: meta.name,
      namespace: appSet.metadata.namespace ?? '',
      ...(meta.labels && Object.keys(meta.labels).length > 0 ? { labels: meta.labels } : {}),
      ...(meta.annotations && Object.keys(meta.annotations).length > 0
        ? { annotations: meta.annotations }
        : {}),
      ...(finalizers.length > 0 ? { finalizers } : {}),
      ownerReferences: [
        {
          apiVersion: API_VERSION,
          kind: OWNER_KIND,
          name: appSet.metadata.name ?? '',
          uid: appSet.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: rendered.spec,
  } as Application;
}
