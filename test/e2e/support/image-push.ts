// Images for registry tests: a one-layer linux/amd64 image written as an OCI layout and copied into a
// test registry by the real `skopeo copy`; returns the manifest digest the registry stores.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { exec } from '../../../src/common/exec.js';
import type { RegistryUser, TestRegistry } from './registry.js';

export const SKOPEO = ['/usr/bin/skopeo', '/usr/local/bin/skopeo'].find((p) => existsSync(p));

/** Why image pushes cannot run here, or undefined. */
export function skopeoSkipReason(): string | undefined {
  return SKOPEO ? undefined : 'skopeo is not installed (apt-get install -y skopeo)';
}

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A tar holding one file (header, content padded to 512 bytes, two zero blocks). */
function oneFileTar(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const pad = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, pad, Buffer.alloc(1024)]);
}

/** Pushes a fresh image (unique content) as `registry.host/repo:tag` with skopeo; returns its digest. */
export async function pushImage(
  registry: TestRegistry,
  user: RegistryUser,
  repo: string,
  tag: string,
): Promise<string> {
  if (!SKOPEO) throw new Error(skopeoSkipReason());
  const work = await mkdtemp(join(tmpdir(), 'driftless-image-'));
  try {
    const dir = join(work, 'layout');
    await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
    const blob = async (b: Buffer) => {
      await writeFile(join(dir, 'blobs', 'sha256', sha(b).slice(7)), b);
      return { digest: sha(b), size: b.length };
    };
    const tar = oneFileTar('tag.txt', Buffer.from(`${repo}:${tag} ${randomBytes(8).toString('hex')}\n`));
    const layer = await blob(gzipSync(tar));
    const config = await blob(
      Buffer.from(
        JSON.stringify({
          created: new Date().toISOString(),
          architecture: 'amd64',
          os: 'linux',
          config: {},
          rootfs: { type: 'layers', diff_ids: [sha(tar)] },
        }),
      ),
    );
    const manifest = await blob(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
          layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
        }),
      ),
    );
    await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    await writeFile(
      join(dir, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            ...manifest,
            annotations: { 'org.opencontainers.image.ref.name': tag },
          },
        ],
      }),
    );
    const certs = join(work, 'certs');
    await mkdir(certs);
    await writeFile(join(certs, 'ca.crt'), registry.caCert);
    const auth = join(work, 'auth.json');
    const login = Buffer.from(`${user.username}:${user.password}`).toString('base64');
    await writeFile(auth, JSON.stringify({ auths: { [registry.host]: { auth: login } } }), { mode: 0o600 });
    const digestFile = join(work, 'digest');
    const r = await exec(
      SKOPEO,
      [
        'copy',
        '--quiet',
        '--dest-authfile',
        auth,
        '--dest-cert-dir',
        certs,
        '--digestfile',
        digestFile,
        `oci:${dir}:${tag}`,
        `docker://${registry.host}/${repo}:${tag}`,
      ],
      { timeoutMs: 120_000 },
    );
    if (r.exitCode !== 0) throw new Error(`skopeo copy ${repo}:${tag}: ${r.stderr}`);
    return (await readFile(digestFile, 'utf8')).trim();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
