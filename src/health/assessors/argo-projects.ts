// Argo Rollouts (Rollout, AnalysisRun, Experiment) and Argo Workflows (Workflow, CronWorkflow) from their phases.
import type { HealthStatusCode } from '../../model/index.js';
import { cond, fromCondition, staleGeneration } from '../conventions/conventions.js';
import { conditions, defineAssessor, parts, status, str } from '../read-fields.js';

const GROUP = 'argoproj.io';

/**
 * Rollout: the controller's own `status.phase` (Healthy, Progressing, Paused, Degraded) with its message;
 * `spec.paused` or a pause is Suspended. Before the controller saw this generation: Progressing.
 */
export const rolloutAssessor = defineAssessor([{ group: GROUP, kind: 'Rollout' }], (o) => {
  const { spec, status: st } = parts(o);
  const phase = str(st, 'phase');
  const message = str(st, 'message');
  const stale = staleGeneration(o, st);
  if (stale) return stale;
  if (spec['paused'] === true) return status('Suspended', message ?? 'Rollout is paused (spec.paused)');
  const code: Record<string, HealthStatusCode> = {
    Healthy: 'Healthy',
    Progressing: 'Progressing',
    Paused: 'Suspended',
    Degraded: 'Degraded',
  };
  if (phase === undefined) return status('Progressing', 'Waiting for the rollout controller');
  return status(code[phase] ?? 'Unknown', message ?? `phase ${phase}`);
});

/**
 * AnalysisRun and Experiment: Pending/Running are Progressing, Successful Healthy, Failed/Error Degraded;
 * Inconclusive waits for a person to decide, so Suspended.
 */
export const analysisAssessor = defineAssessor(
  ['AnalysisRun', 'Experiment'].map((kind) => ({ group: GROUP, kind })),
  (o) => {
    const st = parts(o).status;
    const phase = str(st, 'phase') ?? 'Pending';
    const message = str(st, 'message');
    const code: Record<string, HealthStatusCode> = {
      Pending: 'Progressing',
      Running: 'Progressing',
      Successful: 'Healthy',
      Failed: 'Degraded',
      Error: 'Degraded',
      Inconclusive: 'Suspended',
    };
    return status(code[phase] ?? 'Unknown', message ? `${phase}: ${message}` : phase);
  },
);

/** Workflow: Pending/Running Progressing, Succeeded Healthy, Failed/Error Degraded; `spec.suspend` Suspended. */
export const workflowAssessor = defineAssessor([{ group: GROUP, kind: 'Workflow' }], (o) => {
  const { spec, status: st } = parts(o);
  const phase = str(st, 'phase');
  const message = str(st, 'message');
  if (spec['suspend'] === true && phase !== 'Succeeded' && phase !== 'Failed' && phase !== 'Error')
    return status('Suspended', 'Workflow is suspended');
  const code: Record<string, HealthStatusCode> = {
    Pending: 'Progressing',
    Running: 'Progressing',
    Succeeded: 'Healthy',
    Failed: 'Degraded',
    Error: 'Degraded',
  };
  if (phase === undefined || phase === '')
    return status('Progressing', 'Waiting for the workflow controller');
  return status(code[phase] ?? 'Unknown', message ? `${phase}: ${message}` : phase);
});

/** CronWorkflow: a SpecError or SubmissionError condition is Degraded; `spec.suspend` Suspended; else Healthy. */
export const cronWorkflowAssessor = defineAssessor([{ group: GROUP, kind: 'CronWorkflow' }], (o) => {
  const { spec, status: st } = parts(o);
  const list = conditions(st);
  for (const type of ['SpecError', 'SubmissionError']) {
    const c = cond(list, type);
    if (c?.status === 'True') return fromCondition('Degraded', c);
  }
  if (spec['suspend'] === true) return status('Suspended', 'CronWorkflow is suspended');
  return status('Healthy');
});
