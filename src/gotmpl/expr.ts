// Evaluation of expr-lang/expr expressions (the real Go engine), as Argo CD notification triggers use them.
import { AbortError } from '../common/errors.js';
import { callEngine } from './engine.js';

/** An expression that did not compile or failed while running; the message is expr's own. */
export class ExpressionError extends AbortError {
  constructor(
    message: string,
    readonly phase: 'parse' | 'execute',
    readonly expression: string,
  ) {
    super(message, {
      hint: 'check the expression against the expr language: https://expr-lang.org/docs/language-definition',
    });
  }
}

export interface ExprOptions {
  /** Add Argo CD notifications' `time` (Now, Parse) and `strings` helpers to the environment. */
  notificationHelpers?: boolean;
}

/** Evaluates an expression against an environment of plain JSON values; the result as JSON. */
export function evaluate(expression: string, env: Record<string, unknown>, opts: ExprOptions = {}): unknown {
  const [r] = callEngine({
    op: 'expr',
    expression,
    env,
    funcs: opts.notificationHelpers ? 'notifications' : 'sprig',
  });
  if (!r || r.error !== undefined) {
    throw new ExpressionError(r?.error ?? 'no answer from the engine', r?.phase ?? 'execute', expression);
  }
  return r.value ?? null;
}

/** The versions of Go and of the modules compiled into the engine (for `driftless version` and tests). */
export function engineVersions(): Record<string, string> {
  const [r] = callEngine({ op: 'version' });
  return (r?.value ?? {}) as Record<string, string>;
}
