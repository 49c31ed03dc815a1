// deploy/Containerfile read as text, since no test can build it (no container tool on these machines):
// pinned bases, a non-root user, every tool the product runs, COPY sources that exist, the driftless entrypoint.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../src/common/package-root.js';

const root = packageRoot();
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | undefined;
  body: Instruction[];
}

/** Instructions by stage, continuation lines joined, comments dropped. */
function stages(text: string): Stage[] {
  const logical = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const out: Stage[] = [];
  for (const line of logical) {
    const [, op = '', args = ''] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') {
      const [, from = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      out.push({ from, name, body: [] });
    } else out.at(-1)?.body.push({ op: op.toUpperCase(), args });
  }
  return out;
}

const all = stages(read('deploy/Containerfile'));
const final = all.at(-1);
const finalStage = (): Stage => {
  assert.ok(final, 'the Containerfile has a FROM');
  return final;
};
const argsOf = (s: Stage, op: string) => s.body.filter((i) => i.op === op).map((i) => i.args);

test('every base image names a version, and the runtime’s Node satisfies package.json engines', () => {
  assert.ok(all.length >= 2, 'a multi-stage build');
  for (const s of all) {
    const tag = /^[^@]+:([^:/@]+)$/.exec(s.from)?.[1];
    assert.ok(tag && tag !== 'latest', `${s.from}: pin a version tag (or a digest), not latest`);
  }
  const nodeMajor = Number(/node:(\d+)/.exec(finalStage().from)?.[1]);
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  const wanted = Number(/>=\s*(\d+)/.exec(engines)?.[1]);
  assert.ok(nodeMajor >= wanted, `runtime node:${nodeMajor} against engines ${engines}`);
});

test('the runtime runs as a numeric non-root user that the image creates', () => {
  const s = finalStage();
  const user = argsOf(s, 'USER').at(-1);
  assert.ok(user, 'a USER instruction in the final stage');
  const [uid = '', gid] = user.split(':');
  assert.match(uid, /^\d+$/, 'numeric, so runAsNonRoot can verify it');
  assert.notEqual(Number(uid), 0);
  const run = argsOf(s, 'RUN').join(' ');
  assert.match(run, new RegExp(`useradd [^&]*--uid ${uid}\\b`));
  if (gid) assert.match(run, new RegExp(`groupadd [^&]*--gid ${gid}\\b`));
  const afterUser = s.body.slice(s.body.findLastIndex((i) => i.op === 'USER'));
  assert.ok(!afterUser.some((i) => i.op === 'RUN'), 'nothing runs after the switch that expects root');
});

test('the runtime holds every tool the product runs: Debian packages and the Go-built ones', () => {
  const s = finalStage();
  const apt = argsOf(s, 'RUN')
    .join(' ')
    .match(/apt-get install ([^&]*)/)?.[1]
    ?.split(/\s+/)
    .filter((w) => w && !w.startsWith('-'));
  // git (+ ssh for SSH repositories), jsonnet, openssl (TLS keys), bubblewrap (render sandbox), tini (PID 1).
  for (const pkg of ['git', 'openssh-client', 'jsonnet', 'openssl', 'bubblewrap', 'ca-certificates', 'tini'])
    assert.ok(apt?.includes(pkg), `apt-get install ${pkg} in the runtime stage`);
  // What src/render/tools.ts looks for beside jsonnet: built in the tools stage from scripts/versions.env.
  const versions = read('scripts/versions.env');
  const tools = all.find((t) => t.name === 'tools');
  assert.ok(tools, 'a tools stage');
  const built = argsOf(tools, 'RUN').join(' ');
  const copied = argsOf(s, 'COPY').find((c) => c.startsWith('--from=tools')) ?? '';
  for (const [tool, module, version] of [
    ['helm', 'helm.sh/helm/v3/cmd/helm', 'HELM_VERSION'],
    ['kustomize', 'sigs.k8s.io/kustomize/kustomize/v5', 'KUSTOMIZE_VERSION'],
    ['sops', 'github.com/getsops/sops/v3/cmd/sops', 'SOPS_VERSION'],
  ] as const) {
    assert.ok(built.includes(`${module}@\${${version}}`), `${tool} built at \${${version}}`);
    assert.match(
      versions,
      new RegExp(`^${version}=v\\S+$`, 'm'),
      `${version} pinned in scripts/versions.env`,
    );
    assert.ok(copied.split(/\s+/).includes(`/out/${tool}`), `${tool} copied into the runtime image`);
  }
  assert.match(copied, /\s\/usr\/local\/bin\/$/, 'onto PATH');
});

test('COPY sources exist in the build context or are outputs of the build stage', () => {
  for (const s of all)
    for (const c of argsOf(s, 'COPY').filter((a) => !a.startsWith('--from'))) {
      const paths = c.split(/\s+/).slice(0, -1);
      for (const p of paths)
        if (p !== '.') assert.ok(existsSync(join(root, p)), `COPY ${p}: not in the checkout`);
    }
  const built = new Set(['/src/node_modules', '/src/dist/src', '/src/ui/dist']);
  for (const c of argsOf(finalStage(), 'COPY').filter((a) => a.startsWith('--from=build'))) {
    const source = c.split(/\s+/)[1] ?? '';
    assert.ok(
      built.has(source) || existsSync(join(root, source.replace(/^\/src\//, ''))),
      `COPY --from=build ${source}: neither in the checkout nor built`,
    );
  }
  // What `built` assumes: tsc writes dist/, vite writes ui/dist.
  assert.match(read('tsconfig.json'), /"outDir":\s*"dist"/);
  assert.match(read('ui/vite.config.ts'), /outDir:\s*'dist'/);
  // `COPY . .` must not bring the checkout's node_modules and dist over the ones the stage installs.
  const ignored = read('.dockerignore').split('\n');
  for (const p of ['node_modules', 'ui/node_modules', 'dist', '.git'])
    assert.ok(ignored.includes(p), `.dockerignore ${p}`);
});

test('the entrypoint is the driftless command, under an init, defaulting to the server', () => {
  const s = finalStage();
  const entry = JSON.parse(argsOf(s, 'ENTRYPOINT').at(-1) ?? '[]') as string[];
  assert.deepEqual(entry.slice(0, 2), ['/usr/bin/tini', '--']);
  assert.deepEqual(entry.slice(2), ['node', '/app/bin/driftless.js']);
  const pkg = JSON.parse(read('package.json')) as { bin: Record<string, string> };
  assert.equal(pkg.bin.driftless?.replace(/^\.\//, ''), 'bin/driftless.js');
  assert.match(
    read('bin/driftless.js'),
    /\.\.\/dist\/src\/cli\/main\.js/,
    'the bin loads what dist/src holds',
  );
  assert.ok(argsOf(s, 'COPY').some((c) => c === '--from=build /src/bin ./bin'));
  assert.equal(argsOf(s, 'WORKDIR').at(-1), '/app');
  assert.match(argsOf(s, 'CMD').at(-1) ?? '', /^\["server"/);
});

test('install.yaml runs the image as its user, on the ports it exposes, with its cache on a volume', () => {
  const s = finalStage();
  const install = read('deploy/install.yaml');
  const [uid, gid] = (argsOf(s, 'USER').at(-1) ?? '').split(':');
  const values = (key: string) =>
    new Set([...install.matchAll(new RegExp(`\\b${key}: (\\S+)`, 'g'))].map((m) => m[1]));
  assert.deepEqual([...values('runAsUser')], [uid]);
  assert.deepEqual([...values('runAsGroup')], [gid]);
  const exposed = new Set(argsOf(s, 'EXPOSE').join(' ').split(/\s+/));
  for (const port of values('containerPort')) assert.ok(exposed.has(port ?? ''), `EXPOSE ${port}`);
  // readOnlyRootFilesystem: where the image keeps clones and renders must be a mounted volume.
  const cache = /DRIFTLESS_CACHE=(\S+)/.exec(argsOf(s, 'ENV').join(' '))?.[1] ?? '';
  const mounts = [...values('mountPath')];
  assert.ok(cache && mounts.some((m) => m && cache.startsWith(`${m}/`)), `${cache} under a volume`);
});
