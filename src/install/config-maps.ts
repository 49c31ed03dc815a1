// The settings ConfigMaps under Argo CD's names, with Argo CD's defaults (mostly empty: unset means default).
import type { KubeObject } from '../model/index.js';
import {
  ARGOCD_CM,
  ARGOCD_RBAC_CM,
  CMD_PARAMS_CM,
  SSH_KNOWN_HOSTS_CM,
  TLS_CERTS_CM,
} from '../model/settings-objects.js';
import { REPO_SERVER, REPO_SERVER_PORT } from './workloads.js';

// Host keys of the big Git hosts, as published by them (the keys current since their 2023 rotations).
const KNOWN_HOSTS = [
  'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
  'github.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=',
  'gitlab.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAfuCHKVTjquxvt6CM6tdG4SLp1Btn/nOeHHE5UOzRdf',
  'gitlab.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBFSMqzJeV9rUzU4kWitGjeR4PWSa29SPqJ1fVkhtj3Hw9xjLVXVYrU9QlYWrOLXBpQ6KWjbjTDTdDkoohFzgbEY=',
];

function configMap(name: string, data?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'argocd' },
    },
    ...(data ? { data } : {}),
  };
}

export function configMaps(): KubeObject[] {
  return [
    configMap(ARGOCD_CM),
    configMap(ARGOCD_RBAC_CM),
    // As Argo CD's default `repo.server`: the controller and API render through the repo-server Service.
    configMap(CMD_PARAMS_CM, { 'repo.server': `${REPO_SERVER}:${REPO_SERVER_PORT}` }),
    configMap(SSH_KNOWN_HOSTS_CM, { ssh_known_hosts: KNOWN_HOSTS.join('\n') + '\n' }),
    configMap(TLS_CERTS_CM),
  ];
}
