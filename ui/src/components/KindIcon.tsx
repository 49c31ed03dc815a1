// A compact, recognisable mark per Kubernetes kind (abbreviation in a coloured square).
const ABBR: Record<string, [string, string]> = {
  Application: ['app', 'app'],
  Deployment: ['deploy', 'work'],
  StatefulSet: ['sts', 'work'],
  DaemonSet: ['ds', 'work'],
  ReplicaSet: ['rs', 'work'],
  Pod: ['pod', 'pod'],
  Job: ['job', 'work'],
  CronJob: ['cj', 'work'],
  Service: ['svc', 'net'],
  Ingress: ['ing', 'net'],
  Endpoints: ['ep', 'net'],
  EndpointSlice: ['eps', 'net'],
  ConfigMap: ['cm', 'cfg'],
  Secret: ['sec', 'cfg'],
  PersistentVolumeClaim: ['pvc', 'cfg'],
  Namespace: ['ns', 'meta'],
  ServiceAccount: ['sa', 'meta'],
  Role: ['role', 'meta'],
  RoleBinding: ['rb', 'meta'],
  ClusterRole: ['crole', 'meta'],
  ClusterRoleBinding: ['crb', 'meta'],
  CustomResourceDefinition: ['crd', 'meta'],
  HorizontalPodAutoscaler: ['hpa', 'work'],
};

export function KindIcon({ kind }: { kind: string }) {
  const [abbr, family] = ABBR[kind] ?? [
    kind.replace(/[a-z]/g, '').toLowerCase().slice(0, 4) || kind.slice(0, 3).toLowerCase(),
    'other',
  ];
  return (
    <span className={`kind-icon kind-${family}`} aria-hidden="true" title={kind}>
      {abbr}
    </span>
  );
}
