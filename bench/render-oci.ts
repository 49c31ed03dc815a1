// Render figures for a Helm chart from an OCI registry (a loopback docker-registry with TLS and a
// password): cold pull, the same version again, another app of the cached chart, and a semver range.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RepoSettings } from '../src/git/index.js';
import { RepoService } from '../src/render/index.js';
import { makeTestCA } from '../test/e2e/git-servers.js';
import { registrySkipReason, startRegistry } from '../test/e2e/support/registry.js';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

export async function ociFigures(): Promise<void> {
  const skip = registrySkipReason();
  if (skip) {
    console.log(`OCI chart: skipped (${skip})`);
    return;
  }
  const user = { username: 'bench', password: 'bench-password' };
  const ca = await makeTestCA();
  const registry = await startRegistry([user], ca);
  const work = await mkdtemp(join(tmpdir(), 'driftless-bench-oci-'));
  try {
    for (const version of ['1.0.0', '1.1.0'])
      await registry.publishChart('charts', 'web', version, {
        'templates/all.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}}\ndata: {v: "{{ .Chart.Version }}"}\n',
      });
    const repoURL = `${registry.host}/charts`;
    const credentials = new RepoSettings([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'oci', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
        stringData: { url: repoURL, type: 'helm', enableOCI: 'true', ...user },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'argocd-tls-certs-cm' },
        data: { '127.0.0.1': ca.caCert },
      },
    ] as never);
    const svc = new RepoService({ cacheDir: join(work, 'cache'), credentials });
    const render = async (label: string, appName: string, targetRevision: string) => {
      const t0 = process.hrtime.bigint();
      const res = await svc.render({
        appName,
        appNamespace: 'argocd',
        source: { repoURL, chart: 'web', targetRevision },
      });
      console.log(
        `  ${label.padEnd(42)} ${ms(t0).toFixed(1).padStart(8)} ms  (version ${res.revision}${res.cached ? ', cached' : ''})`,
      );
    };
    console.log('OCI chart (loopback registry, TLS + password):');
    await render('cold: login + pull + template', 'a', '1.0.0');
    await render('warm: same app, same version', 'a', '1.0.0');
    await render('chart cached, another app (template only)', 'b', '1.0.0');
    await render('semver range (login + pull each refresh)', 'c', '>=1.0.0 <2.0.0');
    await render('semver range again', 'c', '>=1.0.0 <2.0.0');
  } finally {
    await registry.close();
    await rm(work, { recursive: true, force: true });
  }
}
