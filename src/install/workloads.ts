// The workloads of an install: the controller StatefulSet, the API server and repo server Deployments,
// with their Services, probes, PodDisruptionBudgets, NetworkPolicies and a restricted securityContext.
import type { KubeObject } from '../model/index.js';
import { CMD_PARAMS_CM, REPO_SERVER_SECRET, REPO_SERVER_TLS_SECRET } from '../model/settings-objects.js';
import type { InstallParams } from './params.js';

export const CONTROLLER = 'driftless-application-controller';
export const SERVER = 'driftless-server';
export const SERVER_PORT = 8080;
export const CONTROLLER_PORT = 8082;
export const REPO_SERVER = 'driftless-repo-server';
export const REPO_SERVER_PORT = 8081;
/** The API server's metrics port, Argo CD's argocd-server-metrics:8083. */
export const SERVER_METRICS_PORT = 8083;
/** The repo server's metrics and probe port (plain HTTP), Argo CD's argocd-repo-server:8084. */
export const REPO_SERVER_METRICS_PORT = 8084;
/** Where the repo server finds argocd-repo-server-tls (Argo CD's path; the default of --tls-cert-dir). */
const REPO_SERVER_TLS_DIR = '/app/config/reposerver/tls';

/** The second, plain-HTTP port of a component serving its API on the first. */
const metricsPortOf: Record<string, number> = {
  server: SERVER_METRICS_PORT,
  'repo-server': REPO_SERVER_METRICS_PORT,
};

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

const portNames: Record<string, string> = { server: 'server', 'repo-server': 'repo-server' };

/**
 * Config management plugins of the repo server: an emptyDir that a plugin's init container (the
 * install's counterpart of Argo CD's CMP sidecar) fills with its plugin.yaml and tools (docs/plugins.md).
 */
export const PLUGIN_DIR = '/home/driftless/plugins';
const pluginVolume = { name: 'plugins', emptyDir: {} };
const pluginMount = { name: 'plugins', mountPath: PLUGIN_DIR };
// The user's certificate when the Secret exists (cert-manager, own CA); without it one is generated at start.
const repoTlsVolume = {
  name: 'tls-certs',
  secret: {
    secretName: REPO_SERVER_TLS_SECRET,
    optional: true,
    items: [
      { key: 'tls.crt', path: 'tls.crt' },
      { key: 'tls.key', path: 'tls.key' },
    ],
  },
};
const repoTlsMount = { name: 'tls-certs', mountPath: REPO_SERVER_TLS_DIR, readOnly: true };

// The repo server cannot read the cluster: its token and Argo CD's reposerver.* keys come in as variables.
const cmdParam = (name: string, key: string) => ({
  name,
  valueFrom: { configMapKeyRef: { name: CMD_PARAMS_CM, key, optional: true } },
});
const repoServerEnv = [
  {
    name: 'DRIFTLESS_REPO_SERVER_TOKEN',
    valueFrom: { secretKeyRef: { name: REPO_SERVER_SECRET, key: 'token' } },
  },
  cmdParam(
    'ARGOCD_REPO_SERVER_MAX_COMBINED_DIRECTORY_MANIFESTS_SIZE',
    'reposerver.max.combined.directory.manifests.size',
  ),
  cmdParam('ARGOCD_GIT_REQUEST_TIMEOUT', 'reposerver.git.request.timeout'),
  cmdParam('DRIFTLESS_MAX_DIRECTORY_FILES', 'reposerver.max.directory.files'),
  cmdParam('DRIFTLESS_MAX_YAML_ALIASES', 'reposerver.max.yaml.aliases'),
  cmdParam('DRIFTLESS_MAX_YAML_DEPTH', 'reposerver.max.yaml.depth'),
  cmdParam('DRIFTLESS_RENDER_SANDBOX', 'reposerver.render.sandbox'),
  cmdParam('ARGOCD_REPO_SERVER_DISABLE_TLS', 'reposerver.disable.tls'),
  cmdParam(
    'ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_TIMEOUT_SECONDS',
    'controller.repo.server.timeout.seconds',
  ),
  { name: 'DRIFTLESS_PLUGIN_DIR', value: PLUGIN_DIR },
];

function container(
  p: InstallParams,
  component: string,
  port: number,
  ready: string,
): Record<string, unknown> {
  // Probes go to the plain-HTTP metrics port where there is one (the repo server's API port is TLS).
  const metricsPort = metricsPortOf[component];
  const probePort = component === 'repo-server' ? REPO_SERVER_METRICS_PORT : port;
  const probe = (path: string, period: number) => ({
    httpGet: { path, port: probePort, scheme: 'HTTP' },
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
      ...(metricsPort ? [`--metrics-port=${metricsPort}`] : []),
      `--log-level=${p.logLevel}`,
      '--log-format=json',
    ],
    env: [
      { name: 'DRIFTLESS_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'DRIFTLESS_CACHE', value: '/home/driftless/.cache/driftless' },
      ...(component === 'repo-server' ? repoServerEnv : []),
      // Above 1 the replicas share the apps through Leases; each is named by its Pod (host) name.
      ...(component === 'application-controller'
        ? [{ name: 'ARGOCD_CONTROLLER_REPLICAS', value: String(p.controllerReplicas) }]
        : []),
    ],
    ports: [
      { name: portNames[component] ?? 'metrics', containerPort: port },
      ...(metricsPort ? [{ name: 'metrics', containerPort: metricsPort }] : []),
    ],
    readinessProbe: { ...probe(ready, 10), initialDelaySeconds: 5 },
    livenessProbe: { ...probe('/healthz', 30), initialDelaySeconds: 10 },
    resources: { requests: { cpu: '100m', memory: '256Mi' } },
    securityContext: containerSecurity,
    volumeMounts: component === 'repo-server' ? [...scratchMounts, pluginMount, repoTlsMount] : scratchMounts,
  };
}

function podTemplate(p: InstallParams, name: string, component: string, port: number, ready: string) {
  return {
    metadata: { labels: labels(name, component) },
    spec: {
      serviceAccountName: name,
      // The repo server runs what repository writers wrote: no Kubernetes credential in its Pod.
      ...(component === 'repo-server' ? { automountServiceAccountToken: false } : {}),
      securityContext: podSecurity,
      containers: [container(p, component, port, ready)],
      volumes:
        component === 'repo-server' ? [...scratchVolumes, pluginVolume, repoTlsVolume] : scratchVolumes,
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
      { name: 'metrics', protocol: 'TCP', port: SERVER_METRICS_PORT, targetPort: SERVER_METRICS_PORT },
    ]),
    pdb(SERVER, component),
    ingressPolicy(SERVER, component, [SERVER_PORT, SERVER_METRICS_PORT]),
  ];
}

/** Only the controller and API server Pods may reach the repo server's API; its metrics any scraper (as Argo CD). */
function repoServerPolicy(): KubeObject {
  const from = [CONTROLLER, SERVER].map((name) => ({ podSelector: { matchLabels: selector(name) } }));
  const metrics = {
    from: [{ namespaceSelector: {} }],
    ports: [{ protocol: 'TCP', port: REPO_SERVER_METRICS_PORT }],
  };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `${REPO_SERVER}-network-policy`, labels: labels(REPO_SERVER, 'repo-server') },
    spec: {
      podSelector: { matchLabels: selector(REPO_SERVER) },
      policyTypes: ['Ingress'],
      ingress: [{ from, ports: [{ protocol: 'TCP', port: REPO_SERVER_PORT }] }, metrics],
    },
  };
}

export function repoServerWorkload(p: InstallParams): KubeObject[] {
  const component = 'repo-server';
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: REPO_SERVER, labels: labels(REPO_SERVER, component) },
      automountServiceAccountToken: false,
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: REPO_SERVER, labels: labels(REPO_SERVER, component) },
      spec: {
        replicas: p.repoServerReplicas,
        selector: { matchLabels: selector(REPO_SERVER) },
        template: podTemplate(p, REPO_SERVER, component, REPO_SERVER_PORT, '/readyz'),
      },
    },
    service(REPO_SERVER, component, [
      { name: 'repo-server', protocol: 'TCP', port: REPO_SERVER_PORT, targetPort: REPO_SERVER_PORT },
    ]),
    service(`${REPO_SERVER}-metrics`, component, [
      {
        name: 'metrics',
        protocol: 'TCP',
        port: REPO_SERVER_METRICS_PORT,
        targetPort: REPO_SERVER_METRICS_PORT,
      },
    ]),
    pdb(REPO_SERVER, component),
    repoServerPolicy(),
  ];
}
