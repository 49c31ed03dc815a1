// Go text/template + sprig rendering (the real Go engine), with errors as typed values or exceptions.
import { AbortError } from '../common/errors.js';
import { callEngine, type FuncSet } from './engine.js';

export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

export interface RenderOptions {
  /** Go's `missingkey` option (default: `default`, which prints `<no value>`). */
  missingkey?: MissingKey;
  /** Raw Go template options as in `goTemplateOptions` (e.g. `missingkey=error`); checked by Go. */
  goOptions?: readonly string[];
  /** Extra functions on top of sprig (without env/expandenv): ApplicationSet's or notifications'. */
  funcs?: FuncSet;
}

/** A template that did not parse or did not execute; the message is Go's own. */
export class TemplateError extends AbortError {
  constructor(
    message: string,
    readonly phase: 'parse' | 'execute',
    readonly template: string,
  ) {
    super(message, {
      hint:
        phase === 'parse'
          ? 'fix the template syntax (Go text/template: https://pkg.go.dev/text/template)'
          : 'check that the template only reads keys the data has, and that functions get the types they expect',
    });
  }
}

export type RenderOutcome = { ok: true; value: string } | { ok: false; error: TemplateError };

function goOptions(opts: RenderOptions): string[] {
  const out = [...(opts.goOptions ?? [])];
  if (opts.missingkey) out.push(`missingkey=${opts.missingkey}`);
  return out;
}

/** Renders many templates against the same data in one call into the engine; one outcome each. */
export function renderMany(
  templates: readonly string[],
  data: unknown,
  opts: RenderOptions = {},
): RenderOutcome[] {
  if (templates.length === 0) return [];
  const results = callEngine({
    op: 'template',
    templates,
    data: data ?? null,
    options: goOptions(opts),
    funcs: opts.funcs ?? 'sprig',
  });
  return templates.map((template, i): RenderOutcome => {
    const r = results[i];
    if (r && r.error === undefined) return { ok: true, value: typeof r.value === 'string' ? r.value : '' };
    return {
      ok: false,
      error: new TemplateError(r?.error ?? 'no answer from the engine', r?.phase ?? 'execute', template),
    };
  });
}

/** Renders one template; throws TemplateError when Go would return an error. */
export function render(template: string, data: unknown, opts: RenderOptions = {}): string {
  const [outcome] = renderMany([template], data, opts);
  if (!outcome) throw new TemplateError('no answer from the engine', 'execute', template);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
