// One desired object against its live object, with the server-side-diff prediction when there is one,
// and the condition that names objects compared without one.
import type { Application, ApplicationCondition } from '../model/index.js';
import { describeKey, parseKeyString } from '../model/index.js';
import { compareResource, compareStatus, type CompareInput } from '../diff/compare-resource.js';
import type { DiffSettings } from '../diff/diff-settings.js';
import { parseCompareOptions } from '../sync/sync-options.js';
import type { Prediction } from './prediction-cache.js';

/** The app's `argocd.argoproj.io/compare-options: ServerSideDiff=true|false`, else the controller's setting. */
export function serverSideDiffEnabled(app: Application, controllerDefault: boolean): boolean {
  return parseCompareOptions(app, 'Application').options.serverSideDiff ?? controllerDefault;
}

/** The comparison's input: the prediction as predicted live (if any) and argocd-cm's compare options. */
export function compareInputFor(
  input: Omit<CompareInput, 'predictedLive'>,
  prediction: Prediction | undefined,
  settings: DiffSettings,
): CompareInput {
  const predictedLive =
    prediction?.kind === 'predicted'
      ? prediction.predicted
      : prediction?.kind === 'unchanged'
        ? input.live
        : undefined;
  return {
    ...input,
    predictedLive: input.live ? predictedLive : undefined,
    statusField: settings.ignoreResourceStatusField,
    ignoreAggregatedRoles: settings.ignoreAggregatedRoles,
  };
}

/** Whether the object differs; an "unchanged" prediction settles it without normalizing anything. */
export function compareWithPrediction(
  input: Omit<CompareInput, 'predictedLive'>,
  prediction: Prediction | undefined,
  settings: DiffSettings,
): { modified: boolean; reason?: string | undefined } {
  if (
    prediction?.kind === 'unchanged' &&
    input.live &&
    !compareStatus(settings.ignoreResourceStatusField, input.desired)
  )
    return { modified: false };
  return compareResource(compareInputFor(input, prediction, settings));
}

/** Lists shown in one condition message before "and N more". */
const SHOWN = 5;

/** A warning naming the objects compared without a dry run (normalizing comparison) and why. */
export function fallbackCondition(
  predictions: ReadonlyMap<string, Prediction>,
): ApplicationCondition | undefined {
  const lines: string[] = [];
  for (const [key, p] of predictions)
    if (p.kind === 'fallback') lines.push(`${describeKey(parseKeyString(key))}: ${p.reason}`);
  if (lines.length === 0) return undefined;
  const more = lines.length > SHOWN ? `; and ${lines.length - SHOWN} more` : '';
  return {
    type: 'ServerSideDiffWarning',
    message: `compared without a server-side dry run (normalizing comparison): ${lines.slice(0, SHOWN).join('; ')}${more}`,
  };
}
