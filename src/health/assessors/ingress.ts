// Ingress health: Progressing until the controller has published a load balancer address.
import { defineAssessor, list, obj, parts, status } from '../read-fields.js';

export const ingressAssessor = defineAssessor(
  [
    { group: 'networking.k8s.io', kind: 'Ingress' },
    { group: 'extensions', kind: 'Ingress' },
  ],
  (o) => {
    const { status: st } = parts(o);
    return list(obj(st, 'loadBalancer'), 'ingress').length > 0
      ? status('Healthy')
      : status('Progressing', 'Waiting for load balancer address');
  },
);
