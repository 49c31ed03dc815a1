// Service health: a LoadBalancer is Progressing until it has an ingress address; other types are Healthy.
import { defineAssessor, list, obj, parts, status, str } from '../read-fields.js';

export const serviceAssessor = defineAssessor([{ group: '', kind: 'Service' }], (o) => {
  const { spec, status: st } = parts(o);
  if (str(spec, 'type') !== 'LoadBalancer') return status('Healthy');
  return list(obj(st, 'loadBalancer'), 'ingress').length > 0
    ? status('Healthy')
    : status('Progressing', 'Waiting for load balancer address');
});
