// Prints health evaluations per second: one Lua script and the built-in (TypeScript and generic) checks over 10,000 objects, and `admin health` files per second. No assertions.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminHealthCommand } from '../src/cli/commands/admin-health.js';
import { assessHealth, luaAssessor } from '../src/health/index.js';
import type { KubeObject } from '../src/model/index.js';
import { benchArgs } from './usage.js';

const USAGE = `
Usage: [OBJECTS=10000] [FILES=2000] node dist/bench/health-lua.js
Health evaluations per second (one Lua script, the built-in checks) over OBJECTS objects, and
"admin health" files per second over FILES files. No assertions.
  -h, --help  this text`;
benchArgs(USAGE, {});

const OBJECTS = Number(process.env.OBJECTS ?? 10_000);
const FILES = Number(process.env.FILES ?? 2_000);

const certificate = (i: number): KubeObject => ({
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: { name: `cert-${i}`, namespace: 'shop', labels: { app: 'web', tier: 'edge' }, generation: 3 },
  spec: {
    secretName: `tls-${i}`,
    dnsNames: [`a${i}.example.com`, `b${i}.example.com`],
    issuerRef: { name: 'le' },
  },
  status: {
    conditions: [
      { type: 'Issuing', status: 'False', reason: 'Done', message: 'issued' },
      {
        type: 'Ready',
        status: i % 10 === 0 ? 'False' : 'True',
        reason: 'Ready',
        message: 'Certificate is up to date',
      },
    ],
    notAfter: '2030-01-01T00:00:00Z',
  },
});

const CERT_SCRIPT = `
hs = {status = "Progressing", message = "Waiting for certificate"}
if obj.status ~= nil and obj.status.conditions ~= nil then
  for i, c in ipairs(obj.status.conditions) do
    if c.type == "Ready" and c.status == "False" then return {status = "Degraded", message = c.message} end
    if c.type == "Ready" and c.status == "True" then return {status = "Healthy", message = c.message} end
  end
end
return hs
`;

function benchScript(): void {
  const objects = Array.from({ length: OBJECTS }, (_, i) => certificate(i));
  const assessor = luaAssessor(CERT_SCRIPT);
  for (let i = 0; i < 500; i++) assessor.assess(objects[i % objects.length] as KubeObject); // warm up the JIT
  const t0 = performance.now();
  for (const o of objects) assessor.assess(o);
  const s = (performance.now() - t0) / 1000;
  console.log(
    `lua script: ${OBJECTS} objects in ${s.toFixed(2)} s = ${Math.round(OBJECTS / s)} evaluations/s`,
  );
}

/** A mix of ecosystem kinds (built-in checks) and an unknown CRD (the generic check). */
function ecosystemObject(i: number): KubeObject {
  const ready = i % 10 === 0 ? 'False' : 'True';
  const conditions = [{ type: 'Ready', status: ready, reason: 'R', message: 'm' }];
  const meta = { name: `o-${i}`, namespace: 'shop', generation: 2 };
  switch (i % 6) {
    case 0:
      return certificate(i);
    case 1:
      return {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: meta,
        spec: {},
        status: { observedGeneration: 2, conditions },
      };
    case 2:
      return {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: meta,
        spec: {},
        status: { conditions },
      };
    case 3:
      return {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: meta,
        spec: {},
        status: { phase: 'Healthy', observedGeneration: '2' },
      };
    case 4:
      return {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        metadata: meta,
        spec: {},
        status: { phase: 'Cluster in healthy state' },
      };
    default:
      return {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: meta,
        spec: {},
        status: { observedGeneration: 2, conditions },
      };
  }
}

function benchBuiltins(): void {
  const objects = Array.from({ length: OBJECTS }, (_, i) => ecosystemObject(i));
  for (let i = 0; i < 2000; i++) assessHealth(objects[i % objects.length]); // warm up the JIT
  const t0 = performance.now();
  for (const o of objects) assessHealth(o);
  const s = (performance.now() - t0) / 1000;
  console.log(
    `built-in checks (cert-manager, Flux, ESO, Rollouts, CNPG, generic): ${OBJECTS} objects in ${s.toFixed(3)} s = ${Math.round(OBJECTS / s)} evaluations/s`,
  );
}

async function benchCli(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'driftless-bench-health-'));
  try {
    const files: string[] = [];
    mkdirSync(join(dir, 'objs'));
    for (let i = 0; i < FILES; i++) {
      const path = join(dir, 'objs', `f${i}.yaml`);
      // Two objects a file: one a Lua script judges, one a built-in assessor does.
      const deploy = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d${i}, namespace: shop}\nspec: {replicas: 1}\nstatus: {replicas: 1, updatedReplicas: 1, availableReplicas: 1}\n`;
      writeFileSync(path, `${JSON.stringify(certificate(i))}\n---\n${deploy}`);
      files.push(path);
    }
    const config = fileURLToPath(new URL('../../testdata/health/argocd-cm.yaml', import.meta.url));
    const write = process.stdout.write;
    let bytes = 0;
    process.stdout.write = ((s: string) => ((bytes += s.length), true)) as typeof process.stdout.write;
    const t0 = performance.now();
    try {
      await adminHealthCommand().parseAsync(['--config', config, '-o', 'json', ...files], { from: 'user' });
    } finally {
      process.stdout.write = write;
    }
    const s = (performance.now() - t0) / 1000;
    console.log(
      `admin health: ${FILES} files (${FILES * 2} objects, ${bytes} bytes out) in ${s.toFixed(2)} s = ${Math.round(FILES / s)} files/s`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

benchScript();
benchBuiltins();
await benchCli();
