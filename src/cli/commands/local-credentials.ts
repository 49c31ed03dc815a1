// What the offline `driftless manifests` authenticates with: the user's own ssh known hosts
// (~/.ssh/known_hosts, /etc/ssh/ssh_known_hosts, or --ssh-known-hosts) and, when given, a private
// key for the one repository rendered — read into the same settings the server builds from Secrets.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AbortError } from '../../common/errors.js';
import { RepoSettings, type CredentialProvider } from '../../git/index.js';
import { LABEL_SECRET_TYPE, type KubeObject } from '../../model/index.js';
import { SSH_KNOWN_HOSTS_CM } from '../../model/settings-objects.js';

export interface LocalCredentialOptions {
  repoURL: string;
  /** Files of known_hosts lines; default: the user's and the system's, where they exist. */
  sshKnownHosts?: readonly string[] | undefined;
  sshPrivateKeyPath?: string | undefined;
}

export const DEFAULT_KNOWN_HOSTS = () => [join(homedir(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];

async function readGiven(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new AbortError(`cannot read the ${what} ${path}`, {
      hint: 'check the path and its permissions',
      cause: e,
    });
  }
}

export async function localCredentials(o: LocalCredentialOptions): Promise<CredentialProvider> {
  const hosts = o.sshKnownHosts?.length
    ? await Promise.all(o.sshKnownHosts.map((f) => readGiven(f, 'known hosts file')))
    : await Promise.all(DEFAULT_KNOWN_HOSTS().map((f) => readFile(f, 'utf8').catch(() => '')));
  const objects: KubeObject[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: SSH_KNOWN_HOSTS_CM },
      data: { ssh_known_hosts: hosts.join('\n') },
    } as KubeObject,
  ];
  if (o.sshPrivateKeyPath) {
    const key = await readGiven(o.sshPrivateKeyPath, 'ssh private key');
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'local', labels: { [LABEL_SECRET_TYPE]: 'repository' } },
      stringData: { url: o.repoURL, sshPrivateKey: key },
    } as KubeObject);
  }
  return new RepoSettings(objects);
}
