// Knative Serving and Eventing: every kind reports a Ready condition (Unknown while reconciling).
import { readyConditionAssessor } from '../conventions/ready-condition.js';

const KINDS: Readonly<Record<string, readonly string[]>> = {
  'serving.knative.dev': ['Service', 'Configuration', 'Route', 'Revision'],
  'eventing.knative.dev': ['Broker', 'Trigger', 'EventType'],
  'messaging.knative.dev': ['Channel', 'InMemoryChannel', 'Subscription'],
  'sources.knative.dev': ['ApiServerSource', 'ContainerSource', 'PingSource', 'SinkBinding'],
  'operator.knative.dev': ['KnativeServing', 'KnativeEventing'],
};

/**
 * Knative's convention: the top-level `Ready` condition (or `Succeeded` for run-to-completion kinds) is
 * Unknown while the controller works, True when done and False when it gave up (RevisionFailed,
 * ContainerMissing, an unresolvable sink). Unknown and missing are Progressing.
 */
export const knativeAssessor = readyConditionAssessor(
  Object.entries(KINDS).flatMap(([group, kinds]) => kinds.map((kind) => ({ group, kind }))),
  { waiting: 'Waiting for the Knative controller', working: () => false },
);
