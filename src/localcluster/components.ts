// The command lines of each control-plane process (pure: paths and ports in, argv out).
import { join } from 'node:path';
import type { ClusterPaths } from './paths.js';
import type { Pki } from './pki.js';
import type { ClusterPorts, ProcessName } from './state.js';

export interface Binaries {
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kwok: string;
  kubectl: string;
  kwokStagesDir: string;
}

export interface ProcessSpec {
  name: ProcessName;
  binary: string;
  args: string[];
  /** Probed until it answers 2xx. */
  readyUrl: string;
}

export function processSpecs(
  paths: ClusterPaths,
  ports: ClusterPorts,
  pki: Pki,
  bin: Binaries,
): ProcessSpec[] {
  const etcdUrl = `http://127.0.0.1:${ports.etcdClient}`;
  const peerUrl = `http://127.0.0.1:${ports.etcdPeer}`;
  return [
    {
      name: 'etcd',
      binary: bin.etcd,
      args: [
        '--name=node0',
        `--data-dir=${paths.etcdData}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=node0=${peerUrl}`,
        '--listen-metrics-urls=',
        '--auto-compaction-retention=1',
        '--quota-backend-bytes=4294967296',
        '--unsafe-no-fsync=true',
        '--log-level=warn',
      ],
      readyUrl: `${etcdUrl}/health`,
    },
    {
      name: 'kube-apiserver',
      binary: bin.kubeApiserver,
      args: [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${ports.apiserver}`,
        `--tls-cert-file=${pki.adminCert}`,
        `--tls-private-key-file=${pki.adminKey}`,
        `--cert-dir=${join(paths.dir, 'apiserver')}`,
        `--client-ca-file=${pki.caCert}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki.saPub}`,
        `--service-account-signing-key-file=${pki.saKey}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        '--authorization-mode=Node,RBAC',
        '--allow-privileged=true',
        '--endpoint-reconciler-type=none',
        '--v=0',
      ],
      readyUrl: `https://127.0.0.1:${ports.apiserver}/readyz`,
    },
    {
      name: 'kube-controller-manager',
      binary: bin.kubeControllerManager,
      args: [
        `--kubeconfig=${paths.kubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.controllerManager}`,
        '--leader-elect=false',
        `--root-ca-file=${pki.caCert}`,
        `--service-account-private-key-file=${pki.saKey}`,
        '--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics',
        '--concurrent-deployment-syncs=10',
        '--concurrent-replicaset-syncs=10',
        '--concurrent-gc-syncs=40',
        '--kube-api-qps=200',
        '--kube-api-burst=400',
      ],
      readyUrl: `https://127.0.0.1:${ports.controllerManager}/healthz`,
    },
    {
      name: 'kube-scheduler',
      binary: bin.kubeScheduler,
      args: [
        `--kubeconfig=${paths.kubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.scheduler}`,
        '--leader-elect=false',
        '--kube-api-qps=200',
        '--kube-api-burst=400',
      ],
      readyUrl: `https://127.0.0.1:${ports.scheduler}/healthz`,
    },
    {
      name: 'kwok',
      binary: bin.kwok,
      args: [
        `--kubeconfig=${paths.kubeconfig}`,
        `--config=${paths.kwokConfig}`,
        '--manage-all-nodes=true',
        '--node-ip=127.0.0.1',
        '--node-name=localhost',
        `--node-port=${ports.kwok}`,
        `--server-address=127.0.0.1:${ports.kwok}`,
        `--tls-cert-file=${pki.adminCert}`,
        `--tls-private-key-file=${pki.adminKey}`,
        '--cidr=10.244.0.0/16',
        '--node-lease-duration-seconds=40',
      ],
      readyUrl: `http://127.0.0.1:${ports.kwok}/healthz`,
    },
  ];
}

/** The fake node kwok makes Ready; no taints, so unmodified manifests schedule. */
export const KWOK_NODE_MANIFEST = `apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: kwok-node-0
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
status:
  allocatable: { cpu: "1000", memory: 4Ti, pods: "20000" }
  capacity: { cpu: "1000", memory: 4Ti, pods: "20000" }
`;

/** kwok's stage files, in the order kwok should read them. */
export const KWOK_STAGES = [
  'node-initialize',
  'node-heartbeat-with-lease',
  'pod-ready',
  'pod-complete',
  'pod-delete',
] as const;

/** Annotation on a Job's pod template that makes kwok fail its pods (for tests of failing hooks). */
export const KWOK_FAIL_ANNOTATION = 'driftless.dev/kwok-outcome';

/**
 * Our own kwok stage: a Job pod annotated `driftless.dev/kwok-outcome: fail` ends Failed (exit 1).
 * Its weight wins over the upstream pod-complete stage (weight 0) for the pods it selects.
 */
export const KWOK_POD_FAIL_STAGE = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: driftless-pod-fail
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  weight: 1
  selector:
    matchAnnotations:
      ${KWOK_FAIL_ANNOTATION}: fail
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values:
      - 'Running'
    - key: '.metadata.ownerReferences.[].kind'
      operator: 'In'
      values:
      - 'Job'
  next:
    statusTemplate: |
      {{ $now := Now }}
      containerStatuses:
      {{ range $index, $item := .spec.containers }}
      - image: {{ $item.image | Quote }}
        name: {{ $item.name | Quote }}
        ready: false
        restartCount: 0
        started: false
        state:
          terminated:
            exitCode: 1
            finishedAt: {{ $now | Quote }}
            reason: Error
            message: failed on purpose (driftless.dev/kwok-outcome=fail)
            startedAt: {{ $now | Quote }}
      {{ end }}
      phase: Failed
`;
