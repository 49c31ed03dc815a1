// Prints Lua health evaluations per second (one script over 10,000 objects) and `admin health` files per second over 2,000 files. No assertions.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminHealthCommand } from '../src/cli/commands/admin-health.js';
import { luaAssessor } from '../src/health/index.js';
import type { KubeObject } from '../src/model/index.js';

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
await benchCli();
