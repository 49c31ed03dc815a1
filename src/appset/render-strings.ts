// Renders strings with generator parameters: Go templates (the real engine) or fasttemplate.
import { renderFast } from '../gotmpl/fasttemplate.js';
import { renderMany } from '../gotmpl/render.js';
import { GeneratorError, type Params } from './params.js';

export interface TemplateMode {
  goTemplate: boolean;
  goTemplateOptions: readonly string[];
}

/** Non-Go parameters as fasttemplate reads them: string values only (others stay unresolved, as in Argo CD). */
function stringParams(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Renders every string against one parameter set (one engine call for Go templates); throws on the first error. */
export function renderStrings(texts: readonly string[], params: Params, mode: TemplateMode): string[] {
  if (!mode.goTemplate) {
    const flat = stringParams(params);
    return texts.map((t) => (t.includes('{{') ? renderFast(t, flat, { allowUnresolved: true }) : t));
  }
  const todo = texts.map((t, i) => ({ t, i })).filter(({ t }) => t.includes('{{'));
  const out = [...texts];
  const results = renderMany(
    todo.map(({ t }) => t),
    params,
    { goOptions: mode.goTemplateOptions, funcs: 'appset' },
  );
  results.forEach((r, j) => {
    const at = todo[j];
    if (!at) return;
    if (!r.ok) throw new GeneratorError(`failed to execute go template ${at.t}: ${r.error.message}`);
    out[at.i] = r.value;
  });
  return out;
}

/** A generator's `values`, each rendered with that generator's parameters, added under `values`. */
export function withValues(
  params: Params,
  values: Record<string, string> | undefined,
  mode: TemplateMode,
): Params {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return params;
  const rendered = renderStrings(
    entries.map(([, v]) => v),
    params,
    mode,
  );
  if (mode.goTemplate) {
    const v: Record<string, string> = {};
    entries.forEach(([k], i) => (v[k] = rendered[i] ?? ''));
    return { ...params, values: v };
  }
  const out = { ...params };
  entries.forEach(([k], i) => (out[`values.${k}`] = rendered[i] ?? ''));
  return out;
}
