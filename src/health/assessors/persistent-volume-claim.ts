// PersistentVolumeClaim health: Bound is Healthy, Pending Progressing, Lost Degraded.
import { defineAssessor, parts, status, str } from '../read-fields.js';

export const persistentVolumeClaimAssessor = defineAssessor(
  [{ group: '', kind: 'PersistentVolumeClaim' }],
  (o) => {
    const phase = str(parts(o).status, 'phase');
    switch (phase) {
      case 'Bound':
        return status('Healthy');
      case 'Pending':
      case undefined:
        return status('Progressing', 'Waiting for the claim to be bound');
      case 'Lost':
        return status('Degraded', 'The volume of this claim is lost');
      default:
        return status('Unknown', `unknown phase ${phase}`);
    }
  },
);
