// CloudNativePG: Cluster by its phase sentence and Ready condition; Backup by phase; ScheduledBackup by suspend.
import { cond, fromCondition } from '../conventions/conventions.js';
import { conditions, defineAssessor, parts, status, str } from '../read-fields.js';

const GROUP = 'postgresql.cnpg.io';
const HEALTHY_PHASE = 'Cluster in healthy state';
/** Phases the operator uses when it cannot proceed without a person. */
const STUCK = /unrecoverable|invalid|unable|not enough disk|cannot proceed|missing architecture|failed/i;

/**
 * Cluster: the operator writes a sentence to `status.phase` ("Cluster in healthy state", "Setting up
 * primary", "Creating a new replica", "Cluster is unrecoverable"...) with `phaseReason`. The healthy sentence
 * is Healthy; the stuck ones Degraded; hibernation (condition cnpg.io/hibernation True) Suspended; any other
 * sentence is work in progress.
 */
export const cnpgClusterAssessor = defineAssessor([{ group: GROUP, kind: 'Cluster' }], (o) => {
  const st = parts(o).status;
  const list = conditions(st);
  const phase = str(st, 'phase');
  const reason = str(st, 'phaseReason');
  const hibernated = cond(list, 'cnpg.io/hibernation');
  if (hibernated?.status === 'True') return fromCondition('Suspended', hibernated);
  if (phase === undefined) return status('Progressing', 'Waiting for the operator');
  const message = reason ? `${phase}: ${reason}` : phase;
  if (phase === HEALTHY_PHASE) return status('Healthy', message);
  if (STUCK.test(phase)) return status('Degraded', message);
  return status('Progressing', message);
});

/** Backup: completed is Healthy, failed Degraded, everything before (pending, started, running) Progressing. */
export const cnpgBackupAssessor = defineAssessor([{ group: GROUP, kind: 'Backup' }], (o) => {
  const st = parts(o).status;
  const phase = str(st, 'phase');
  const error = str(st, 'error');
  if (phase === 'completed') return status('Healthy', 'Backup completed');
  if (phase === 'failed') return status('Degraded', error ? `Backup failed: ${error}` : 'Backup failed');
  return status('Progressing', phase ? `Backup ${phase}` : 'Waiting for the backup to start');
});

/** ScheduledBackup: `spec.suspend` is Suspended; otherwise it only schedules, so Healthy. */
export const cnpgScheduledBackupAssessor = defineAssessor(
  [{ group: GROUP, kind: 'ScheduledBackup' }],
  (o) => {
    const { spec, status: st } = parts(o);
    conditions(st); // a status it cannot read is Unknown
    return spec['suspend'] === true
      ? status('Suspended', 'Scheduled backups are suspended')
      : status('Healthy');
  },
);
