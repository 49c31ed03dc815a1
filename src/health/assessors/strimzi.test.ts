import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { kafkaRebalanceAssessor, strimziAssessor } from './strimzi.js';

const c = (type: string, status: string, reason = '', message = `${type} ${status}`) => ({
  type,
  status,
  reason,
  message,
});
const s = (kind: string, conds?: object[], observedGeneration = 1) =>
  kube('kafka.strimzi.io/v1beta2', kind, {
    spec: {},
    metadata: { generation: 1 },
    ...(conds ? { status: { observedGeneration, conditions: conds } } : {}),
  });

runAssessorContract(strimziAssessor, {
  sample: s('Kafka'),
  noStatus: 'Progressing',
  cases: [
    { name: 'ready', obj: s('Kafka', [c('Ready', 'True')]), want: 'Healthy' },
    {
      name: 'ready with a warning',
      obj: s('Kafka', [c('Warning', 'True', 'KafkaStorage'), c('Ready', 'True')]),
      want: 'Healthy',
    },
    {
      name: 'creating',
      obj: s('Kafka', [c('NotReady', 'True', 'Creating', 'Kafka cluster is being deployed')]),
      want: 'Progressing',
    },
    {
      name: 'failed reconciliation',
      obj: s('KafkaTopic', [
        c('NotReady', 'True', 'InvalidResourceException', 'Partitions cannot be decreased'),
      ]),
      want: 'Degraded',
      message: 'cannot be decreased',
    },
    { name: 'paused', obj: s('KafkaConnector', [c('ReconciliationPaused', 'True')]), want: 'Suspended' },
    { name: 'generation not observed', obj: s('KafkaUser', [c('Ready', 'True')], 0), want: 'Progressing' },
  ],
});

runAssessorContract(kafkaRebalanceAssessor, {
  sample: s('KafkaRebalance'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'pending proposal',
      obj: s('KafkaRebalance', [c('PendingProposal', 'True')]),
      want: 'Progressing',
    },
    {
      name: 'proposal ready',
      obj: s('KafkaRebalance', [c('ProposalReady', 'True')]),
      want: 'Suspended',
      message: 'approve',
    },
    { name: 'rebalancing', obj: s('KafkaRebalance', [c('Rebalancing', 'True')]), want: 'Progressing' },
    { name: 'done', obj: s('KafkaRebalance', [c('Ready', 'True')]), want: 'Healthy' },
    {
      name: 'failed',
      obj: s('KafkaRebalance', [c('NotReady', 'True', 'CruiseControlRestException')]),
      want: 'Degraded',
    },
  ],
});
