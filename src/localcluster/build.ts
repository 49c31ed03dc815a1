// Makes sure the pinned binaries are in the cache, building the missing ones with scripts/build-tools.sh.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { execInherit } from '../common/exec.js';
import { AbortError } from '../common/errors.js';
import { cacheRoot } from './paths.js';
import {
  componentDir,
  isComponentBuilt,
  packageRoot,
  readVersions,
  type Component,
  type ToolVersions,
} from './versions.js';
import type { Binaries } from './components.js';

export async function ensureBuilt(
  components: readonly Component[],
  log: (msg: string) => void,
): Promise<ToolVersions> {
  const versions = readVersions();
  const missing = components.filter((c) => !isComponentBuilt(c, versions));
  if (missing.length === 0) return versions;
  log(
    `building ${missing.map((c) => `${c} ${versions[c]}`).join(', ')} from Go modules into ${join(cacheRoot(), 'bin')}` +
      ' (a cold build takes 10-30 minutes on 2 cores; later runs reuse the cache)',
  );
  const script = join(packageRoot(), 'scripts', 'build-tools.sh');
  const code = await execInherit('bash', [script, ...missing]);
  if (code !== 0) {
    throw new AbortError(`building ${missing.join(', ')} failed (scripts/build-tools.sh exited ${code})`, {
      hint: `the lines above name the component, the command and its log under ${join(cacheRoot(), 'logs')}`,
    });
  }
  return versions;
}

export function controlPlaneBinaries(versions: ToolVersions): Binaries {
  const k8s = componentDir('kubernetes', versions);
  const kwok = componentDir('kwok', versions);
  const bundledKubectl = join(k8s, 'kubectl');
  return {
    etcd: join(componentDir('etcd', versions), 'etcd'),
    kubeApiserver: join(k8s, 'kube-apiserver'),
    kubeControllerManager: join(k8s, 'kube-controller-manager'),
    kubeScheduler: join(k8s, 'kube-scheduler'),
    kwok: join(kwok, 'kwok'),
    kubectl: existsSync(bundledKubectl) ? bundledKubectl : 'kubectl',
    kwokStagesDir: join(kwok, 'stages'),
  };
}
