// Registry credentials for image lookups (the updater's and promote's): the image's pull-secret
// annotation, else its registries.conf entry; forms pullsecret:NS/NAME, secret:NS/NAME#FIELD, env:VAR
// and ext:/path/script (its stdout `user:password`, cached for a minute, never logged).
import { exec } from '../common/exec.js';
import type { Timers } from '../common/timers.js';
import { ImageError } from '../image/errors.js';
import type { ImageRef } from '../image/image-ref.js';
import type { RegistryCredentials } from '../image/registry-client.js';
import { parseRegistriesConf, registryFor } from '../image/registries-conf.js';
import type { ApiResource } from '../kube/api-resource.js';
import type { KubeClient } from '../kube/client.js';
import { secretValues } from '../model/index.js';

const SECRET: ApiResource = {
  group: '',
  version: 'v1',
  kind: 'Secret',
  resource: 'secrets',
  namespaced: true,
  verbs: ['get'],
};
/** How long an ext: script's answer is reused (Image Updater runs it per lookup; a pass has many). */
const EXT_TTL_MS = 60_000;
const EXT_TIMEOUT_MS = 30_000;
const FORMS = 'pullsecret:NS/NAME, secret:NS/NAME#FIELD, env:VAR or ext:/path/to/script';

export async function readSecret(client: KubeClient, ref: string): Promise<Record<string, string>> {
  const [namespace, name] = ref.split('/');
  const s = await client.get(SECRET, name ?? '', { namespace: namespace ?? '' }).catch((e: unknown) => {
    throw new ImageError(`cannot read the Secret ${ref}`, {
      reason: 'RegistryAuth',
      hint: 'create it, and let Driftless read Secrets in that namespace',
      cause: e,
    });
  });
  return secretValues(s);
}

function userPass(v: string | undefined, what: string): RegistryCredentials {
  const line = v?.trim().split('\n')[0] ?? '';
  const i = line.indexOf(':');
  if (i <= 0)
    throw new ImageError(`${what} does not hold username:password`, {
      reason: 'RegistryAuth',
      hint: 'store (or print) the credentials as username:password',
    });
  return { username: line.slice(0, i), password: line.slice(i + 1) };
}

export class RegistryCredentialSource {
  private readonly ext = new Map<string, { at: number; creds: Promise<RegistryCredentials> }>();

  constructor(
    private readonly client: KubeClient,
    /** argocd-image-updater-config's data (registries.conf), read at each lookup. */
    private readonly settings: () => Readonly<Record<string, string>> | undefined,
    private readonly timers: Timers,
  ) {}

  /** Credentials for `image`: the annotation's `pullSecret` if given, else registries.conf's; none: anonymous. */
  async forImage(image: ImageRef, pullSecret: string | undefined): Promise<RegistryCredentials | undefined> {
    const ref =
      pullSecret ??
      registryFor(parseRegistriesConf(this.settings()?.['registries.conf']), image)?.credentials;
    return ref ? this.resolve(ref, image.registry) : undefined;
  }

  private async resolve(ref: string, registry: string): Promise<RegistryCredentials> {
    if (ref.startsWith('pullsecret:')) {
      const values = await readSecret(this.client, ref.slice('pullsecret:'.length));
      const cfg = JSON.parse(values['.dockerconfigjson'] ?? '{}') as {
        auths?: Record<string, { auth?: string; username?: string; password?: string }>;
      };
      const entry = Object.entries(cfg.auths ?? {}).find(
        ([h]) => h.replace(/^https?:\/\//, '').replace(/\/.*$/, '') === registry,
      )?.[1];
      if (!entry)
        throw new ImageError(`${ref} has no credentials for ${registry}`, {
          reason: 'RegistryAuth',
          hint: "add the registry to the Secret's .dockerconfigjson auths",
        });
      if (entry.username && entry.password) return { username: entry.username, password: entry.password };
      return userPass(Buffer.from(entry.auth ?? '', 'base64').toString('utf8'), ref);
    }
    if (ref.startsWith('secret:')) {
      const [secretRef, field] = ref.slice('secret:'.length).split('#');
      return userPass((await readSecret(this.client, secretRef ?? ''))[field ?? ''], ref);
    }
    if (ref.startsWith('env:')) return userPass(process.env[ref.slice(4)], ref);
    if (ref.startsWith('ext:')) return this.script(ref.slice(4));
    throw new ImageError(`pull-secret "${ref}" is not supported`, {
      reason: 'InvalidAnnotation',
      hint: `use ${FORMS}`,
    });
  }

  /** Runs the script (no arguments) and reads `user:password` from its first line of output. */
  private script(path: string): Promise<RegistryCredentials> {
    const now = this.timers.now();
    const hit = this.ext.get(path);
    if (hit && now - hit.at < EXT_TTL_MS) return hit.creds;
    if (!path.startsWith('/'))
      return Promise.reject(
        new ImageError(`ext:${path} is not an absolute path`, {
          reason: 'InvalidAnnotation',
          hint: 'name the script by its absolute path, e.g. ext:/app/scripts/ecr-login.sh',
        }),
      );
    const creds = exec(path, [], { timeoutMs: EXT_TIMEOUT_MS }).then(
      (r) => {
        // Only the exit code is reported: the output holds the password, stderr may echo it.
        if (r.exitCode !== 0)
          throw new ImageError(`the credentials script ${path} exited with ${r.exitCode}`, {
            reason: 'RegistryAuth',
            hint: 'run it by hand where Driftless runs; it must print username:password and exit 0',
          });
        return userPass(r.stdout, `the output of ${path}`);
      },
      (e: unknown) => {
        throw new ImageError(`the credentials script ${path} could not run: ${(e as Error).message}`, {
          reason: 'RegistryAuth',
          hint: 'check that it exists, is executable and finishes within 30 s',
        });
      },
    );
    this.ext.set(path, { at: now, creds });
    creds.catch(() => this.ext.delete(path));
    return creds;
  }
}
