// Trigger conditions evaluated with the real expr engine (Argo CD's `when` and `oncePer` semantics).
import { errorMessage } from '../common/errors.js';
import { evaluate } from '../gotmpl/expr.js';
import type { TriggerCondition } from './config.js';
import type { ConditionOutcome } from './delivery-state.js';

export interface TriggerEvaluation {
  outcomes: ConditionOutcome[];
  /** `trigger[index]: message` for conditions that did not evaluate (they count as not triggered). */
  errors: string[];
}

/** Evaluates the named triggers' conditions against one app (as JSON, like Argo CD's unstructured app). */
export function evaluateTriggers(
  names: Iterable<string>,
  triggers: ReadonlyMap<string, readonly TriggerCondition[]>,
  app: unknown,
): TriggerEvaluation {
  const outcomes: ConditionOutcome[] = [];
  const errors: string[] = [];
  const env = { app };
  for (const trigger of new Set(names)) {
    const conditions = triggers.get(trigger);
    if (!conditions) continue;
    conditions.forEach((c, index) => {
      let triggered: boolean;
      let oncePer = '';
      try {
        triggered = evaluate(c.when, env, { notificationHelpers: true }) === true;
        if (triggered && c.oncePer) {
          const v = evaluate(c.oncePer, env, { notificationHelpers: true });
          oncePer = v === null || v === undefined ? '' : String(v);
        }
      } catch (e) {
        errors.push(`${trigger}[${index}]: ${errorMessage(e)}`);
        triggered = false;
      }
      outcomes.push({
        trigger,
        index,
        when: c.when,
        triggered,
        oncePer,
        hasOncePer: !!c.oncePer,
        templates: c.send,
      });
    });
  }
  return { outcomes, errors };
}
