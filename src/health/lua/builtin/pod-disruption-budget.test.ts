import { POD_DISRUPTION_BUDGET_HEALTH_LUA } from './pod-disruption-budget.js';
import { runScriptTable } from './script-table.case.js';

const healthy = { observedGeneration: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 };

runScriptTable({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  script: POD_DISRUPTION_BUDGET_HEALTH_LUA,
  noStatus: 'Progressing',
  cases: [
    {
      name: 'no status yet',
      want: { status: 'Progressing', message: 'Waiting for the disruption controller to report status' },
    },
    {
      name: 'pods not counted yet',
      status: { observedGeneration: 1 },
      want: { status: 'Progressing', message: 'Waiting for the disruption controller to count pods' },
    },
    {
      name: 'enough healthy pods',
      metadata: { generation: 1 },
      status: { ...healthy, disruptionsAllowed: 1 },
      want: { status: 'Healthy', message: '3 healthy pods, 1 disruptions allowed' },
    },
    {
      name: 'exactly enough (maxUnavailable 0)',
      status: { currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 },
      want: { status: 'Healthy', message: '2 healthy pods, 0 disruptions allowed' },
    },
    {
      name: 'too few healthy pods',
      status: {
        currentHealthy: 1,
        desiredHealthy: 2,
        disruptionsAllowed: 0,
        conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' }],
      },
      want: { status: 'Degraded', message: '1 healthy pods, the budget needs 2; no disruption is allowed' },
    },
    {
      name: 'sync failed',
      status: {
        currentHealthy: 0,
        desiredHealthy: 0,
        conditions: [
          { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'bad selector' },
        ],
      },
      want: { status: 'Degraded', message: 'bad selector' },
    },
    {
      name: 'spec changed, not yet observed',
      metadata: { generation: 2 },
      status: { ...healthy, observedGeneration: 1 },
      want: {
        status: 'Progressing',
        message: 'Waiting for the disruption controller to observe the latest spec',
      },
    },
    {
      name: 'counts are not numbers',
      status: { currentHealthy: 'three', desiredHealthy: 2 },
      want: { status: 'Unknown', message: 'malformed object: status.currentHealthy is not a number' },
    },
    {
      name: 'conditions not a list',
      status: { ...healthy, conditions: 'none' },
      want: { status: 'Unknown', message: 'malformed object: status.conditions is not a list' },
    },
  ],
});
