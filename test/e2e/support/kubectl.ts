// kubectl against the shared e2e cluster (the real binary; tests assert what a user would see).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { e2eKubeconfig } from './cluster.js';
import { waitFor } from './wait.js';
import { componentDir, readVersions } from '../../../src/localcluster/versions.js';

function kubectlBinary(): string {
  const built = join(componentDir('kubernetes', readVersions()), 'kubectl');
  return existsSync(built) ? built : 'kubectl';
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function kubectl(
  args: string[],
  opts: { input?: string; kubeconfig?: string; timeoutMs?: number } = {},
): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      kubectlBinary(),
      ['--kubeconfig', opts.kubeconfig ?? e2eKubeconfig(), ...args],
      { maxBuffer: 64 * 1024 * 1024, timeout: opts.timeoutMs ?? 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** kubectl that must succeed; throws with stderr otherwise. */
export async function kubectlOk(
  args: string[],
  opts: { input?: string; kubeconfig?: string; timeoutMs?: number } = {},
): Promise<string> {
  const r = await kubectl(args, opts);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

export async function kubectlJson<T = Record<string, unknown>>(
  args: string[],
  kubeconfig?: string,
): Promise<T> {
  return JSON.parse(await kubectlOk([...args, '-o', 'json'], kubeconfig ? { kubeconfig } : {})) as T;
}

/**
 * Waits until each named CRD (`widgets.example.com`) is Established. Not `kubectl wait`: on a CRD the
 * apiserver has not given conditions yet it fails at once ("conditions accessor error") instead of waiting.
 */
export async function crdsEstablished(
  names: string[],
  opts: { kubeconfig?: string; timeoutMs?: number } = {},
) {
  const kc = opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {};
  for (const name of names)
    await waitFor(
      async () => {
        const r = await kubectl(
          ['get', 'crd', name, '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}'],
          kc,
        );
        return r.code === 0 && r.stdout.trim() === 'True';
      },
      { what: `CRD ${name} Established`, timeoutMs: opts.timeoutMs ?? 60_000 },
    );
}

/** A long-running kubectl (e.g. `get -w`); the caller kills it. */
export function kubectlStream(args: string[], kubeconfig?: string): ChildProcess {
  return spawn(kubectlBinary(), ['--kubeconfig', kubeconfig ?? e2eKubeconfig(), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The image of a Deployment's first container ('' while the Deployment does not exist). */
export async function deploymentImage(namespace: string, name: string): Promise<string> {
  const r = await kubectl([
    '-n',
    namespace,
    'get',
    'deployment',
    name,
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  ]);
  return r.code === 0 ? r.stdout.trim() : '';
}
