// Velero: Backup, Restore and the other run-once kinds by phase; Schedule and storage locations by theirs.
import type { HealthStatusCode } from '../../model/index.js';
import { defineAssessor, num, parts, status, str } from '../read-fields.js';

const GROUP = 'velero.io';

const RUN_PHASES: Readonly<Record<string, HealthStatusCode>> = {
  New: 'Progressing',
  InProgress: 'Progressing',
  WaitingForPluginOperations: 'Progressing',
  Finalizing: 'Progressing',
  Completed: 'Healthy',
  // Partial failures finish with some items missing: the backup or restore is not one to trust.
  WaitingForPluginOperationsPartiallyFailed: 'Degraded',
  FinalizingPartiallyFailed: 'Degraded',
  PartiallyFailed: 'Degraded',
  Failed: 'Degraded',
  FailedValidation: 'Degraded',
  Deleting: 'Progressing',
  Accepted: 'Progressing',
  Prepared: 'Progressing',
  Canceled: 'Suspended',
};

/** Backup, Restore and the data movement kinds: the documented phases; errors and validation messages as detail. */
export const veleroRunAssessor = defineAssessor(
  ['Backup', 'Restore', 'DataUpload', 'DataDownload', 'PodVolumeBackup', 'PodVolumeRestore'].map((kind) => ({
    group: GROUP,
    kind,
  })),
  (o) => {
    const st = parts(o).status;
    const phase = str(st, 'phase');
    const errors = num(st, 'errors') ?? 0;
    const failure = str(st, 'failureReason') ?? str(st, 'message');
    const validation = Array.isArray(st['validationErrors'])
      ? st['validationErrors'].map(String).join('; ')
      : '';
    if (phase === undefined || phase === '') return status('Progressing', 'Waiting for Velero');
    const detail = [failure, validation, errors > 0 ? `${errors} errors` : ''].filter(Boolean).join('; ');
    return status(RUN_PHASES[phase] ?? 'Unknown', detail ? `${phase}: ${detail}` : phase);
  },
);

/** Schedule: Enabled Healthy, FailedValidation Degraded, `spec.paused` Suspended, New Progressing. */
export const veleroScheduleAssessor = defineAssessor([{ group: GROUP, kind: 'Schedule' }], (o) => {
  const { spec, status: st } = parts(o);
  const phase = str(st, 'phase');
  if (spec['paused'] === true) return status('Suspended', 'Schedule is paused');
  if (phase === 'Enabled') return status('Healthy', 'Enabled');
  if (phase === 'FailedValidation')
    return status('Degraded', `FailedValidation: ${String(st['validationErrors'] ?? '')}`);
  return status('Progressing', phase ?? 'Waiting for Velero');
});

/** BackupStorageLocation and VolumeSnapshotLocation: Available Healthy, Unavailable Degraded (with the message). */
export const veleroLocationAssessor = defineAssessor(
  ['BackupStorageLocation', 'VolumeSnapshotLocation'].map((kind) => ({ group: GROUP, kind })),
  (o) => {
    const st = parts(o).status;
    const phase = str(st, 'phase');
    const message = str(st, 'message');
    if (phase === 'Available') return status('Healthy', 'Available');
    if (phase === 'Unavailable')
      return status('Degraded', message ? `Unavailable: ${message}` : 'Unavailable');
    return status('Progressing', 'Waiting for Velero to validate the location');
  },
);
