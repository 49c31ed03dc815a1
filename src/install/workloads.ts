// The workloads of an install: the controller StatefulSet and the API server Deployment, with their
// Services, probes, PodDisruptionBudgets, NetworkPolicies and a restricted securityContext.
import type { KubeObject } from '../model/index.js';
import type { InstallParams } from './params.js';

export const CONTROLLER = 'driftless-application-controller';
export const SERVER = 'driftless-server';
export const SERVER_PORT = 8080;
export const CONTROLLER_PORT = 8082;

export function labels(name: string, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': 'driftless',
    'app.kubernetes.io/component': component,
  };
}

const selector = (name: string) => ({ 'app.kubernetes.io/name': name });

// Pod Security Standards "restricted": non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp.
const podSecurity = {
  runAsNonRoot: true,
  runAsUser: 999,
  runAsGroup: 999,
  fsGroup: 999,
  seccompProfile: { type: 'RuntimeDefault' },
};
const containerSecurity = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

// The root filesystem is read-only: git checkouts, rendered charts and temporary files go to emptyDirs.
const scratchVolumes = [
  { name: 'tmp', emptyDir: {} },
  { name: 'cache', emptyDir: {} },
];
const scratchMounts = [
  { name: 'tmp', mountPath: '/tmp' },
  { name: 'cache', mountPath: '/home/driftless/.cache' },
];

function container(
  p: InstallParams,
  component: string,
  port: number,
  ready: string,
): Record<string, unknown> {
  const probe = (path: string, period: number) => ({
    httpGet: { path, port, scheme: 'HTTP' },
    periodSeconds: period,
    timeoutSeconds: 5,
    failureThreshold: 3,
  });
  return {
    name: component,
    image: p.image,
    imagePullPolicy: p.imagePullPolicy,
    args: [
      'server',
      `--component=${component}`,
      '--namespace=$(DRIFTLESS_NAMESPACE)',
      '--address=0.0.0.0',
      `--port=${port}`,
      `--log-level=${p.logLevel}`,
      '--log-format=json',
    ],
    env: [
      { name: 'DRIFTLESS_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'DRIFTLESS_CACHE', value: '/home/driftless/.cache/driftless' },
    ],
    ports: [{ name: component === 'server' ? 'server' : 'metrics', containerPort: port }],
    readinessProbe: { ...probe(ready, 10), initialDelaySeconds: 5 },
    livenessProbe: { ...probe('/healthz', 30), initialDelaySeconds: 10 },
    resources: { requests: { cpu: '100m', memory: '256Mi' } },
    securityContext: containerSecurity,
    volumeMounts: scratchMounts,
  };
}

function podTemplate(p: InstallParams, name: string, component: string, port: number, ready: string) {
  return {
    metadata: { labels: labels(name, component) },
    spec: {
      serviceAccountName: name,
      securityContext: podSecurity,
      containers: [container(p, component, port, ready)],
      volumes: scratchVolumes,
    },
  };
}

function service(name: string, component: string, ports: Record<string, unknown>[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: labels(name, component) },
    spec: { selector: selector(name.replace(/-metrics$/, '')), ports },
  };
}

function pdb(name: string, component: string): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, labels: labels(name, component) },
    spec: { maxUnavailable: 1, selector: { matchLabels: selector(name) } },
  };
}

function ingressPolicy(name: string, component: string, ports: number[]): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `${name}-network-policy`, labels: labels(name, component) },
    spec: {
      podSelector: { matchLabels: selector(name) },
      policyTypes: ['Ingress'],
      ingress: [{ ports: ports.map((port) => ({ protocol: 'TCP', port })) }],
    },
  };
}

export function controllerWorkload(p: InstallParams): KubeObject[] {
  const component = 'application-controller';
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: CONTROLLER, labels: labels(CONTROLLER, component) },
      spec: {
        replicas: p.controllerReplicas,
        serviceName: CONTROLLER,
        selector: { matchLabels: selector(CONTROLLER) },
        template: podTemplate(p, CONTROLLER, component, CONTROLLER_PORT, '/readyz'),
      },
    },
    service(`${CONTROLLER}-metrics`, component, [
      { name: 'metrics', protocol: 'TCP', port: CONTROLLER_PORT, targetPort: CONTROLLER_PORT },
    ]),
    pdb(CONTROLLER, component),
    ingressPolicy(CONTROLLER, component, [CONTROLLER_PORT]),
  ];
}

export function serverWorkload(p: InstallParams): KubeObject[] {
  const component = 'server';
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: SERVER, labels: labels(SERVER, component) },
      spec: {
        replicas: p.serverReplicas,
        selector: { matchLabels: selector(SERVER) },
        template: podTemplate(p, SERVER, component, SERVER_PORT, '/readyz'),
      },
    },
    // One port speaks HTTPS and redirects HTTP, so 80 and 443 both lead to it (as argocd-server does).
    service(SERVER, component, [
      { name: 'http', protocol: 'TCP', port: 80, targetPort: SERVER_PORT },
      { name: 'https', protocol: 'TCP', port: 443, targetPort: SERVER_PORT },
    ]),
    service(`${SERVER}-metrics`, component, [
      { name: 'metrics', protocol: 'TCP', port: 8083, targetPort: SERVER_PORT },
    ]),
    pdb(SERVER, component),
    ingressPolicy(SERVER, component, [SERVER_PORT]),
  ];
}
