// Namespace health: Active is Healthy, Terminating is Progressing (it is going away).
import { defineAssessor, parts, status, str } from '../read-fields.js';

export const namespaceAssessor = defineAssessor([{ group: '', kind: 'Namespace' }], (o) => {
  const phase = str(parts(o).status, 'phase');
  if (phase === 'Terminating') return status('Progressing', 'Namespace is terminating');
  if (phase === undefined || phase === 'Active') return status('Healthy');
  return status('Unknown', `unknown phase ${phase}`);
});
