// Repository settings that arrive with each call to the repo server: the RepoService reads them through
// a provider bound to the call in progress, so the server itself never holds or reads credentials.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import {
  RepoSettings,
  type CredentialProvider,
  type PluginConfigText,
  type RepoAccess,
} from '../../git/index.js';
import type { KubeObject } from '../../model/index.js';

const EMPTY = new RepoSettings([]);

export class RequestSettings implements CredentialProvider {
  private readonly current = new AsyncLocalStorage<RepoSettings>();
  /** Callers send the same settings again and again: the last few snapshots are kept, by content. */
  private readonly recent = new Map<string, RepoSettings>();

  /** Runs `fn` with `objects` as the repository settings of everything it does, awaited or not. */
  run<T>(objects: readonly KubeObject[], fn: () => Promise<T>): Promise<T> {
    return this.current.run(this.snapshot(objects), fn);
  }

  private snapshot(objects: readonly KubeObject[]): RepoSettings {
    if (objects.length === 0) return EMPTY;
    const key = createHash('sha256').update(JSON.stringify(objects)).digest('hex');
    let s = this.recent.get(key);
    if (!s) {
      s = new RepoSettings(objects);
      if (this.recent.size >= 8) this.recent.delete(this.recent.keys().next().value ?? '');
      this.recent.set(key, s);
    }
    return s;
  }

  private get settings(): RepoSettings {
    return this.current.getStore() ?? EMPTY;
  }

  accessFor(repoURL: string, project?: string): RepoAccess {
    return this.settings.accessFor(repoURL, project);
  }

  sshKnownHosts(): string {
    return this.settings.sshKnownHosts();
  }

  tlsCertsFor(host: string): string | undefined {
    return this.settings.tlsCertsFor(host);
  }

  /** SOPS age keys (labelled Secrets) of the caller, for decrypting at render time. */
  sopsAgeKeys(): string {
    return this.settings.sopsAgeKeys();
  }

  /** Plugin configs from the caller's labelled ConfigMaps. */
  pluginConfigs(): readonly PluginConfigText[] {
    return this.settings.pluginConfigs();
  }
}
