// Strimzi: Kafka and its companion kinds by Ready/NotReady/ReconciliationPaused; KafkaRebalance by its state condition.
import { cond, fromCondition, staleGeneration } from '../conventions/conventions.js';
import { conditions, defineAssessor, parts, status } from '../read-fields.js';

const GROUP = 'kafka.strimzi.io';
const KINDS = [
  'Kafka',
  'KafkaTopic',
  'KafkaUser',
  'KafkaConnect',
  'KafkaConnector',
  'KafkaMirrorMaker2',
  'KafkaBridge',
  'KafkaNodePool',
];

/**
 * The operator keeps one state condition: `Ready` True when reconciled, `NotReady` True while creating or
 * after a failed reconciliation (reason Creating/ Pending: Progressing, any other reason: Degraded), and
 * `ReconciliationPaused` True when the pause annotation is set (Suspended). `Warning` conditions are advice.
 */
export const strimziAssessor = defineAssessor(
  KINDS.map((kind) => ({ group: GROUP, kind })),
  (o) => {
    const st = parts(o).status;
    const list = conditions(st);
    const paused = cond(list, 'ReconciliationPaused');
    if (paused?.status === 'True') return fromCondition('Suspended', paused);
    const stale = staleGeneration(o, st);
    if (stale) return stale;
    const ready = cond(list, 'Ready');
    if (ready?.status === 'True') return fromCondition('Healthy', ready);
    const notReady = cond(list, 'NotReady');
    if (notReady?.status === 'True')
      return fromCondition(
        /^(Creating|Pending|)$/.test(notReady.reason) ? 'Progressing' : 'Degraded',
        notReady,
      );
    if (ready?.status === 'False') return fromCondition('Degraded', ready);
    return status('Progressing', 'Waiting for the Strimzi operator');
  },
);

/**
 * KafkaRebalance: the condition type is the state. ProposalReady waits for someone to approve it
 * (Suspended); Ready is done; NotReady failed; Stopped was stopped by a person (Suspended); New,
 * PendingProposal and Rebalancing are in progress.
 */
export const kafkaRebalanceAssessor = defineAssessor([{ group: GROUP, kind: 'KafkaRebalance' }], (o) => {
  const active = conditions(parts(o).status).find((c) => c.status === 'True');
  if (!active) return status('Progressing', 'Waiting for the Cruise Control proposal');
  switch (active.type) {
    case 'Ready':
      return fromCondition('Healthy', active);
    case 'NotReady':
      return fromCondition('Degraded', active);
    case 'ProposalReady':
      return status(
        'Suspended',
        'Proposal ready: approve it with the strimzi.io/rebalance=approve annotation',
      );
    case 'Stopped':
    case 'ReconciliationPaused':
      return fromCondition('Suspended', active);
    default:
      return fromCondition('Progressing', active);
  }
});
