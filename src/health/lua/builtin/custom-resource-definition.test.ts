import { CUSTOM_RESOURCE_DEFINITION_HEALTH_LUA } from './custom-resource-definition.js';
import { runScriptTable } from './script-table.case.js';

const cond = (type: string, status: string, message?: string) => ({
  type,
  status,
  reason: 'R',
  ...(message === undefined ? {} : { message }),
});
const WAITING = 'Waiting for the CRD to be established';

runScriptTable({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  script: CUSTOM_RESOURCE_DEFINITION_HEALTH_LUA,
  noStatus: 'Progressing',
  cases: [
    { name: 'no status', want: { status: 'Progressing', message: WAITING } },
    { name: 'no conditions', status: {}, want: { status: 'Progressing', message: WAITING } },
    {
      name: 'established',
      status: { conditions: [cond('NamesAccepted', 'True'), cond('Established', 'True')] },
      want: { status: 'Healthy' },
    },
    {
      name: 'not yet established',
      status: { conditions: [cond('NamesAccepted', 'True'), cond('Established', 'False', 'not yet')] },
      want: { status: 'Progressing', message: 'not yet' },
    },
    {
      name: 'names rejected',
      status: {
        conditions: [
          cond('NamesAccepted', 'False', '"foos" is already in use'),
          cond('Established', 'False'),
        ],
      },
      want: { status: 'Degraded', message: '"foos" is already in use' },
    },
    {
      name: 'non-structural schema',
      status: {
        conditions: [
          cond('Established', 'True'),
          cond('NonStructuralSchema', 'True', 'spec.x: type missing'),
        ],
      },
      want: { status: 'Degraded', message: 'spec.x: type missing' },
    },
    {
      name: 'terminating',
      status: {
        conditions: [cond('Established', 'True'), cond('Terminating', 'True', 'deleting instances')],
      },
      want: { status: 'Progressing', message: 'deleting instances' },
    },
    {
      name: 'conditions not a list',
      status: { conditions: 'none' },
      want: { status: 'Unknown', message: 'malformed object: status.conditions is not a list' },
    },
    {
      name: 'a condition that is not an object',
      status: { conditions: ['Established'] },
      want: {
        status: 'Unknown',
        message: 'malformed object: status.conditions has an entry that is not an object',
      },
    },
  ],
});
