// Prometheus operator: server kinds by Available/Reconciled; monitors and rules by their per-resource bindings.
import { cond, describe, fromCondition, staleGeneration } from '../conventions/conventions.js';
import { conditions, defineAssessor, list, parts, status } from '../read-fields.js';

const GROUP = 'monitoring.coreos.com';

/**
 * Prometheus, PrometheusAgent, Alertmanager, ThanosRuler: `Reconciled` False (the operator cannot build the
 * configuration) is Degraded; `Available` True is Healthy, the operator's own "Degraded" value (some pods
 * not ready) is Degraded, False is Progressing while pods start and Degraded when none can (reason NoPodReady
 * after the generation was observed is still reported as Progressing to ride out a rollout).
 */
export const prometheusServerAssessor = defineAssessor(
  ['Prometheus', 'PrometheusAgent', 'Alertmanager', 'ThanosRuler'].map((kind) => ({ group: GROUP, kind })),
  (o) => {
    const st = parts(o).status;
    const list_ = conditions(st);
    const stale = staleGeneration(o, st);
    if (stale) return stale;
    const reconciled = cond(list_, 'Reconciled');
    if (reconciled?.status === 'False') return fromCondition('Degraded', reconciled);
    const available = cond(list_, 'Available');
    if (!available) return status('Progressing', 'Waiting for the operator to report availability');
    if (available.status === 'True') return fromCondition('Healthy', available);
    if (available.status === 'Degraded') return fromCondition('Degraded', available);
    return fromCondition('Progressing', available);
  },
);

/**
 * ServiceMonitor, PodMonitor, Probe, PrometheusRule, ScrapeConfig, AlertmanagerConfig: recent operators list,
 * per Prometheus that selects them, an `Accepted` condition; one False (invalid config) is Degraded.
 */
export const prometheusConfigAssessor = defineAssessor(
  ['ServiceMonitor', 'PodMonitor', 'Probe', 'PrometheusRule', 'ScrapeConfig', 'AlertmanagerConfig'].map(
    (kind) => ({
      group: GROUP,
      kind,
    }),
  ),
  (o) => {
    const st = parts(o).status;
    conditions(st); // a status it cannot read is Unknown
    for (const binding of list(st, 'bindings')) {
      const accepted = cond(conditions(binding), 'Accepted');
      if (accepted?.status === 'False') {
        const who =
          typeof binding['name'] === 'string'
            ? ` by ${String(binding['resource'] ?? '')} ${binding['name']}`
            : '';
        return status('Degraded', `Not accepted${who}: ${describe(accepted)}`);
      }
    }
    return status('Healthy');
  },
);
