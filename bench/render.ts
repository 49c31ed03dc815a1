// Prints render figures: cold render time per tool, a multi-source app cold and warm, cached render
// time, renders/second for 500 distinct apps in one repository, and a chart from an OCI registry.
// Figures only, no assertions.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApplicationSource } from '../src/model/index.js';
import { RepoService } from '../src/render/index.js';
import { git, makeFixtureRepo } from '../src/render/testing/fixture-repo.js';
import { ociFigures } from './render-oci.js';
import { benchArgs } from './usage.js';

const USAGE = `
Usage: node dist/bench/render.js
Render figures: cold render per tool, a multi-source app cold and warm, cached renders, renders/s for
500 apps of one repository, and a chart from an OCI registry. Figures only.
  -h, --help  this text`;
benchArgs(USAGE, {});

const APPS = 500;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function main(): Promise<void> {
  const repo = await makeFixtureRepo();
  // 500 small directory apps, each a Deployment and a Service, committed on top of the fixtures.
  for (let i = 0; i < APPS; i++) {
    const dir = join(repo.dir, 'apps', `app-${i}`);
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'app.yaml'),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}}\nspec: {replicas: 1, selector: {matchLabels: {app: a${i}}}, template: {metadata: {labels: {app: a${i}}}, spec: {containers: [{name: c, image: "img:${i}"}]}}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: app-${i}}\nspec: {ports: [{port: 80}]}\n`,
    );
  }
  await git(repo.dir, 'add', '-A');
  await git(repo.dir, 'commit', '--quiet', '-m', 'apps');
  const sha = await git(repo.dir, 'rev-parse', 'HEAD');
  const cache = await mkdtemp(join(tmpdir(), 'driftless-bench-'));
  const svc = new RepoService({ cacheDir: cache });
  const req = (source: Omit<ApplicationSource, 'repoURL'>, appName = 'bench') => ({
    appName,
    appNamespace: 'argocd',
    destinationNamespace: 'default',
    source: { repoURL: repo.url, targetRevision: sha, ...source },
  });

  let t0 = process.hrtime.bigint();
  await svc.resolveRevision(repo.url, 'main');
  await svc.render(req({ path: 'apps/app-0' }, 'warm'));
  console.log(`first fetch + checkout + render:       ${ms(t0).toFixed(1)} ms`);

  const cases: [string, Omit<ApplicationSource, 'repoURL'>][] = [
    ['directory', { path: 'directory/plain', directory: { recurse: true } }],
    ['kustomize', { path: 'kustomize/overlays/production' }],
    [
      'kustomize + options overlay',
      { path: 'kustomize/base', kustomize: { namePrefix: 'x-', images: ['example.org/web:2'] } },
    ],
    ['helm (chart in git)', { path: 'helm/guestbook', helm: { valueFiles: ['values-production.yaml'] } }],
    [
      'jsonnet',
      {
        path: 'jsonnet/app',
        directory: {
          jsonnet: {
            libs: ['jsonnet/lib'],
            extVars: [
              { name: 'tag', value: '1' },
              { name: 'env', value: 'x' },
            ],
            tlas: [{ name: 'name', value: 'api' }],
          },
        },
      },
    ],
  ];
  console.log('cold render per tool (checkout already present):');
  for (const [name, source] of cases) {
    t0 = process.hrtime.bigint();
    const res = await svc.render(req(source));
    console.log(`  ${name.padEnd(30)} ${ms(t0).toFixed(1).padStart(8)} ms  (${res.objects.length} objects)`);
  }

  // A multi-source app: the chart from one source, its value file from the source with `ref: values`.
  const multi = {
    ...req(
      { path: 'helm/guestbook', helm: { valueFiles: ['$values/helm/guestbook/values-production.yaml'] } },
      'multi',
    ),
    refs: { values: { repoURL: repo.url, targetRevision: 'main' } },
  };
  t0 = process.hrtime.bigint();
  const multiCold = await svc.render(multi);
  console.log(
    `multi-source (chart + $values), cold:  ${ms(t0).toFixed(1).padStart(8)} ms  (${multiCold.objects.length} objects)`,
  );
  t0 = process.hrtime.bigint();
  await svc.render(multi);
  console.log(`multi-source (chart + $values), warm:  ${ms(t0).toFixed(3).padStart(8)} ms  (cached)`);

  const N = 2000;
  t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await svc.render(req(cases[3]?.[1] ?? {}));
  console.log(`cached render (helm key, ${N} calls):    ${((ms(t0) * 1000) / N).toFixed(1)} µs each`);

  t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: APPS }, (_, i) => svc.render(req({ path: `apps/app-${i}` }, `app-${i}`))),
  );
  const cold = ms(t0);
  console.log(
    `${APPS} distinct directory apps, cold:      ${cold.toFixed(0)} ms  = ${((APPS * 1000) / cold).toFixed(0)} renders/s`,
  );
  t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: APPS }, (_, i) => svc.render(req({ path: `apps/app-${i}` }, `app-${i}`))),
  );
  const warm = ms(t0);
  console.log(
    `${APPS} distinct directory apps, cached:    ${warm.toFixed(0)} ms  = ${((APPS * 1000) / warm).toFixed(0)} renders/s`,
  );
  const s = svc.stats();
  console.log(
    `processes: git ${s.gitSpawns}, tools ${s.toolSpawns}; renders ${s.renders}, cache hits ${s.cacheHits}`,
  );

  await rm(cache, { recursive: true, force: true });
  await rm(repo.dir, { recursive: true, force: true });
  await ociFigures();
}

await main();
