// The one error an app that cannot be rendered shows: what failed, and what to do next.
import type { Application, ApplicationCondition } from '../../api/types.ts';

/** Conditions that mean Driftless cannot produce the app's desired state (so it cannot compare or sync). */
const RENDER_ERRORS = new Set(['ComparisonError', 'InvalidSpecError']);

export function renderErrorOf(app: Application): ApplicationCondition | undefined {
  return app.status?.conditions?.find((c) => RENDER_ERRORS.has(c.type));
}

function nextStep(c: ApplicationCondition): string {
  const m = c.message.toLowerCase();
  if (/auth|credential|permission denied|could not read username|403|401/.test(m))
    return 'Check the repository’s credentials on the Repositories page, then refresh the app.';
  if (c.type === 'InvalidSpecError')
    return 'Fix the application’s settings (source, destination or project) on the Details tab.';
  return 'Fix the manifests or the source settings in Git, push, and refresh the app. The resources below are the last ones seen live; nothing is pruned while this lasts.';
}

export function RenderErrorState({ condition }: { condition: ApplicationCondition }) {
  return (
    <div className="condition condition-error app-error-state" role="alert" aria-label="Cannot render">
      <strong>⚠ This app cannot be rendered</strong>{' '}
      <span className="condition-type">({condition.type})</span>
      <p className="mono">{condition.message}</p>
      <p className="condition-hint">{nextStep(condition)}</p>
    </div>
  );
}
