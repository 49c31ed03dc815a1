// The real Sealed Secrets controller (built by scripts/build-tools.sh sealed-secrets) against the e2e
// cluster, as a local process: it only reads in-cluster credentials, so it runs under bubblewrap with
// a ServiceAccount token, the cluster CA and its namespace mounted where a Pod would have them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { builtTool } from './built-tools.js';
import { e2eKubeconfig, waitFor } from './cluster.js';
import { crdsEstablished, kubectl, kubectlOk } from './kubectl.js';

export interface SealedSecretsController {
  /** Where kubeseal fetches the sealing certificate (`kubeseal --cert <url>`). */
  certURL: string;
  logFile: string;
  stop(): Promise<void>;
}

const SA_DIR = '/run/secrets/kubernetes.io/serviceaccount';

export const sealedSecretsBinaries = ():
  { controller: string; kubeseal: string; crd: string } | undefined => {
  const controller = builtTool('sealed-secrets', 'controller');
  const kubeseal = builtTool('sealed-secrets', 'kubeseal');
  const crd = builtTool('sealed-secrets', 'bitnami.com_sealedsecrets.yaml');
  return controller && kubeseal && crd ? { controller, kubeseal, crd } : undefined;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** The API server's address and CA from the e2e kubeconfig. */
function apiServer(): { host: string; port: string; ca: string } {
  const cfg = parse(readFileSync(e2eKubeconfig(), 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  };
  const cluster = cfg.clusters[0]?.cluster;
  const url = new URL(cluster?.server ?? '');
  return {
    host: url.hostname,
    port: url.port || '443',
    ca: Buffer.from(cluster?.['certificate-authority-data'] ?? '', 'base64').toString(),
  };
}

/** Installs the CRD, a ServiceAccount bound to cluster-admin in `namespace`, and starts the controller there. */
export async function startSealedSecretsController(namespace: string): Promise<SealedSecretsController> {
  const bins = sealedSecretsBinaries();
  if (!bins)
    throw new Error('the sealed-secrets controller is not built: scripts/build-tools.sh sealed-secrets');
  await kubectlOk(['apply', '--server-side', '--force-conflicts', '-f', bins.crd]);
  await crdsEstablished(['sealedsecrets.bitnami.com']);
  await kubectlOk(['-n', namespace, 'create', 'serviceaccount', 'sealed-secrets']);
  const binding = `sealed-secrets-${namespace}`;
  await kubectlOk([
    'create',
    'clusterrolebinding',
    binding,
    '--clusterrole=cluster-admin',
    `--serviceaccount=${namespace}:sealed-secrets`,
  ]);
  const token = (
    await kubectlOk(['-n', namespace, 'create', 'token', 'sealed-secrets', '--duration=2h'])
  ).trim();
  const api = apiServer();
  const dir = mkdtempSync(join(tmpdir(), 'driftless-sealed-secrets-'));
  const sa = join(dir, 'serviceaccount');
  const saFiles = { token, 'ca.crt': api.ca, namespace };
  mkdirSync(sa, { mode: 0o700 });
  for (const [f, text] of Object.entries(saFiles)) writeFileSync(join(sa, f), text, { mode: 0o600 });
  const port = await freePort();
  const metrics = await freePort();
  const logFile = join(dir, 'controller.log');
  const out = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    'bwrap',
    [
      '--dev-bind',
      '/',
      '/',
      '--tmpfs',
      '/run/secrets',
      '--ro-bind',
      sa,
      SA_DIR,
      '--die-with-parent',
      '--',
      bins.controller,
      '--listen-addr',
      `127.0.0.1:${port}`,
      '--listen-metrics-addr',
      `127.0.0.1:${metrics}`,
      '--key-renew-period',
      '0',
      '--update-status',
    ],
    {
      env: {
        PATH: process.env.PATH,
        KUBERNETES_SERVICE_HOST: api.host,
        KUBERNETES_SERVICE_PORT: api.port,
        POD_NAMESPACE: namespace,
      },
      stdio: ['ignore', out, out],
    },
  );
  const certURL = `http://127.0.0.1:${port}/v1/cert.pem`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`the controller exited: ${readFileSync(logFile, 'utf8')}`);
      return (await fetch(certURL).catch(() => undefined))?.status === 200;
    },
    { what: 'the sealed-secrets controller serves its certificate', timeoutMs: 60_000 },
  );
  return {
    certURL,
    logFile,
    stop: async () => {
      child.kill('SIGTERM');
      await kubectl(['delete', 'clusterrolebinding', binding, '--wait=false']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
