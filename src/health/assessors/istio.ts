// Istio: configuration kinds by their analysis messages and Reconciled condition; IstioOperator by status.status.
import type { HealthStatusCode } from '../../model/index.js';
import { cond, fromCondition } from '../conventions/conventions.js';
import { conditions, defineAssessor, list, parts, status, str } from '../read-fields.js';

const CONFIG_KINDS: Readonly<Record<string, readonly string[]>> = {
  'networking.istio.io': [
    'VirtualService',
    'DestinationRule',
    'Gateway',
    'ServiceEntry',
    'Sidecar',
    'WorkloadEntry',
    'WorkloadGroup',
    'EnvoyFilter',
    'ProxyConfig',
  ],
  'security.istio.io': ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'],
  'telemetry.istio.io': ['Telemetry'],
};

/**
 * Istio configuration has no readiness of its own. With status reporting on, istiod writes analysis results
 * to `status.validationMessages` (an ERROR-level message is Degraded) and a `Reconciled` condition (False
 * while proxies have not all received it: Progressing). Anything else is Healthy.
 */
export const istioConfigAssessor = defineAssessor(
  Object.entries(CONFIG_KINDS).flatMap(([group, kinds]) => kinds.map((kind) => ({ group, kind }))),
  (o) => {
    const st = parts(o).status;
    const reconciled = cond(conditions(st), 'Reconciled');
    const errors = list(st, 'validationMessages').filter((m) => m['level'] === 'ERROR' || m['level'] === 3);
    if (errors.length > 0) {
      const first = errors[0] ?? {};
      const code = (first['type'] as { code?: unknown } | undefined)?.code;
      return status(
        'Degraded',
        `${typeof code === 'string' ? `${code}: ` : ''}${String(first['message'] ?? 'analysis error')}`,
      );
    }
    if (reconciled?.status === 'False') return fromCondition('Progressing', reconciled);
    return status('Healthy');
  },
);

/** IstioOperator: status.status HEALTHY, RECONCILING/UPDATING, ERROR, ACTION_REQUIRED. */
export const istioOperatorAssessor = defineAssessor(
  [{ group: 'install.istio.io', kind: 'IstioOperator' }],
  (o) => {
    const st = parts(o).status;
    conditions(st); // a status it cannot read is Unknown
    const phase = str(st, 'status');
    const code: Record<string, HealthStatusCode> = {
      HEALTHY: 'Healthy',
      RECONCILING: 'Progressing',
      UPDATING: 'Progressing',
      NONE: 'Progressing',
      ERROR: 'Degraded',
      ACTION_REQUIRED: 'Degraded',
    };
    if (phase === undefined) return status('Progressing', 'Waiting for the Istio operator');
    return status(code[phase] ?? 'Unknown', phase);
  },
);
