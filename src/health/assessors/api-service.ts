// APIService health: Healthy when its Available condition is True.
import { defineAssessor, findCondition, parts, status } from '../read-fields.js';

export const apiServiceAssessor = defineAssessor(
  [{ group: 'apiregistration.k8s.io', kind: 'APIService' }],
  (o) => {
    const available = findCondition(parts(o).status, 'Available');
    if (!available) return status('Progressing', 'Waiting to be processed');
    if (available.status === 'True')
      return status('Healthy', `${available.reason}: ${available.message}`.replace(/^: |: $/, ''));
    return status('Progressing', `${available.reason}: ${available.message}`.replace(/^: |: $/, ''));
  },
);
