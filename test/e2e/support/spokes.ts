// Extra local control planes an e2e test starts as "spoke" clusters, and a kubeconfig whose user is an
// exec credential plugin (a script printing an ExecCredential with the spoke's admin certificate).
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { clusterDown, clusterUp, stopComponent } from '../../../src/localcluster/index.js';

export interface Spoke {
  name: string;
  kubeconfig: string;
  server: string;
}

export async function startSpoke(name: string): Promise<Spoke> {
  const s = await clusterUp({ name, readyTimeoutSec: 300 });
  if (!s.server) throw new Error(`spoke ${name} has no server URL`);
  return { name, kubeconfig: s.kubeconfig, server: s.server };
}

export async function stopSpokeApiserver(spoke: Spoke): Promise<void> {
  if (!(await stopComponent(spoke.name, 'kube-apiserver')))
    throw new Error(`the kube-apiserver of ${spoke.name} was not running`);
}

export async function removeSpoke(spoke: Spoke): Promise<void> {
  await clusterDown(spoke.name, { purge: true });
}

interface Kubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
}

/**
 * Writes `<dir>/exec-kubeconfig` for the spoke: context `<name>-exec`, its user an exec plugin
 * (`<dir>/get-credential`, a node script) that appends a line to `<dir>/calls` each time it runs.
 */
export function execKubeconfig(spoke: Spoke, dir: string): { path: string; context: string; calls: string } {
  const kc = parse(readFileSync(spoke.kubeconfig, 'utf8')) as Kubeconfig;
  const cluster = kc.clusters[0]?.cluster;
  const user = kc.users[0]?.user;
  if (!cluster || !user) throw new Error(`${spoke.kubeconfig} has no cluster or user`);
  const pem = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
  const credential = {
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: {
      clientCertificateData: pem(user['client-certificate-data']),
      clientKeyData: pem(user['client-key-data']),
    },
  };
  const calls = join(dir, 'calls');
  const script = join(dir, 'get-credential');
  writeFileSync(
    script,
    `#!${process.execPath}
const fs = require('node:fs');
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO || '{}');
fs.appendFileSync(${JSON.stringify(calls)}, (info.kind || 'no-exec-info') + '\\n');
process.stdout.write(${JSON.stringify(JSON.stringify(credential))});
`,
  );
  chmodSync(script, 0o700);
  const context = `${spoke.name}-exec`;
  const path = join(dir, 'exec-kubeconfig');
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': context,
      clusters: [{ name: context, cluster }],
      users: [
        {
          name: context,
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1',
              command: script,
              interactiveMode: 'Never',
            },
          },
        },
      ],
      contexts: [{ name: context, context: { cluster: context, user: context } }],
    }),
  );
  return { path, context, calls };
}
