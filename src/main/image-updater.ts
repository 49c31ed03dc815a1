// Wires the image updater to the product: Applications from the controller's cache, its settings
// (ConfigMap argocd-image-updater-config: interval, git.user, git.email, git.commit-message-template),
// registry CAs from argocd-tls-certs-cm, pull secrets and registries.conf and `git:secret:` Secrets through the client,
// Git writes with the repository credentials (one commit per app, or per batch with `git.commit-batch`), overrides patched onto the Application, and Events.
import { join } from 'node:path';
import { parseDuration } from '../common/duration.js';
import type { Logger } from '../common/log.js';
import type { ApplicationController } from '../controller/app-controller.js';
import { APPLICATION_RESOURCE } from '../controller/context.js';
import {
  batchEdit,
  LiveRepoSettings,
  RepoSettings,
  writeToGit,
  type CredentialProvider,
} from '../git/index.js';
import type { AppImageConfig } from '../image/annotations.js';
import { ImageError } from '../image/errors.js';
import { RegistryClient } from '../image/registry-client.js';
import { ImageUpdater, type AppUpdates, type ImageUpdate, type WriteOutcome } from '../image/updater.js';
import { batchCommitMessage, batchEnabled, batchKey } from '../image/write-batch.js';
import { registerUpdaterMetrics } from '../image/updater-metrics.js';
import type { Registry } from 'prom-client';
import { branches, commitMessage, editFor, readWriteSettings } from '../image/write-back.js';
import { isHelmTarget, overrideSource } from '../image/source-override.js';
import type { KubeClient } from '../kube/client.js';
import { LABEL_SECRET_TYPE, type Application, type KubeObject } from '../model/index.js';
import { readSecret, RegistryCredentialSource } from './pull-credentials.js';
import { registryLimit, updaterSettings } from './registry-wiring.js';

export interface UpdaterWiring {
  controller: ApplicationController;
  client: KubeClient;
  log: Logger;
  cacheDir: string;
  /** The namespace's Secrets and ConfigMaps (repository credentials, CAs, settings). */
  objects: () => readonly KubeObject[];
  /** The server's /metrics registry: the updater's metrics join it. */
  metrics?: Registry | undefined;
}

/** `git:secret:NS/NAME` credentials in place of the repository's. */
async function gitCredentials(
  client: KubeClient,
  repo: CredentialProvider,
  repoURL: string,
  ref: string | undefined,
): Promise<CredentialProvider> {
  if (!ref) return repo;
  const v = await readSecret(client, ref);
  const s = new RepoSettings([
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'write', labels: { [LABEL_SECRET_TYPE]: 'repository' } },
      stringData: { ...v, url: repoURL },
    } as KubeObject,
  ]);
  return {
    accessFor: (u, p) => s.accessFor(u, p),
    sshKnownHosts: () => repo.sshKnownHosts(),
    tlsCertsFor: (h) => repo.tlsCertsFor(h),
  };
}

const secretOf = ({ writeBack: wb }: AppImageConfig) => (wb.method === 'git' ? wb.secret : undefined);

/** The `argocd` write-back: the new images as kustomize images or Helm parameters on the Application. */
function overridePatch(app: Application, updates: readonly ImageUpdate[]): Record<string, unknown> {
  const src = app.spec.source ?? { repoURL: '' };
  return {
    spec: { source: overrideSource(src, isHelmTarget(src, app.status?.sourceType, updates), updates) },
  };
}

export function startImageUpdater(w: UpdaterWiring): ImageUpdater {
  const { ctx } = w.controller;
  const namespace = ctx.config.namespace;
  const repoCreds = new LiveRepoSettings(w.objects);
  const settings = updaterSettings(w.controller);
  const interval = () => {
    const raw = settings()?.['interval'];
    const d = raw ? parseDuration(raw) : undefined;
    return d?.ok ? Math.max(1000, d.ms) : 120_000;
  };
  const pullCreds = new RegistryCredentialSource(w.client, settings, ctx.timers);
  const registry = new RegistryClient({
    timers: ctx.timers,
    caFor: (host) => repoCreds.tlsCertsFor(host),
    limitFor: (host) => registryLimit(settings, host),
    tagTtlMs: Math.max(0, interval() - 500),
  });
  /**
   * Writes the updates of apps sharing repository, branches, credentials and project as one commit and
   * one push; an app whose edit fails is left out of the commit (its outcome carries the error).
   */
  const writeGit = async (batch: readonly AppUpdates[]): Promise<WriteOutcome[]> => {
    const first = batch[0];
    const repoURL = first?.app.spec.source?.repoURL;
    if (!first || !repoURL)
      throw new ImageError('git write-back needs spec.source (multi-source apps are not written)', {
        reason: 'InvalidAnnotation',
        hint: 'use write-back-method: argocd',
      });
    const s = readWriteSettings(settings());
    const { base, target } = branches(first.app, first.config, first.updates);
    const edits = batchEdit(
      batch.map((u) => ({
        id: u.app.metadata.name,
        edit: async (tree: string) => editFor(u.app, u.config, u.updates)(tree),
      })),
    );
    const applied = () => batch.filter((u) => edits.outcome().changed.includes(u.app.metadata.name));
    const res = await writeToGit(
      {
        repoURL,
        baseBranch: base,
        targetBranch: target,
        author: s.author,
        message: () => {
          const [one, ...more] = applied();
          return one && more.length === 0
            ? commitMessage(one.app, one.updates, s.messageTemplate)
            : batchCommitMessage(applied(), s.messageTemplate);
        },
        edit: edits.edit,
      },
      {
        credentials: await gitCredentials(w.client, repoCreds, repoURL, secretOf(first.config)),
        project: first.app.spec.project,
        workRoot: join(w.cacheDir, 'image-updater'),
      },
    );
    const done = edits.outcome();
    if (res.changed)
      w.log.info('image update written', {
        apps: done.changed,
        commit: res.sha,
        branch: res.branch,
        files: res.files,
      });
    return batch.map((u) => {
      const failed = done.failed.find((f) => f.id === u.app.metadata.name);
      return failed ? { error: failed.error } : { written: done.changed.includes(u.app.metadata.name) };
    });
  };
  const updater = new ImageUpdater({
    registry,
    timers: ctx.timers,
    intervalMs: interval,
    log: w.log.child({ component: 'image-updater' }),
    ports: {
      apps: () => ctx.apps.list(),
      pullCredentials: (_app, spec) => pullCreds.forImage(spec.image, spec.pullSecret),
      event: (app, type, reason, message) => ctx.events.record(app, type, reason, message),
      write: async (app, config, updates) => {
        if (config.writeBack.method === 'argocd') {
          const written = await w.client.patch<Application>(
            APPLICATION_RESOURCE,
            app.metadata.name,
            overridePatch(app, updates),
            { type: 'merge', namespace },
          );
          ctx.apps.remember(written);
          return true;
        }
        const [outcome] = await writeGit([{ app, config, updates }]);
        if (outcome && 'error' in outcome) throw outcome.error;
        return outcome?.written ?? false;
      },
      batchKey: (u) => (batchEnabled(settings()) ? batchKey(u) : undefined),
      writeBatch: writeGit,
    },
  });
  if (w.metrics) registerUpdaterMetrics(w.metrics, updater.stats, registry);
  updater.start();
  return updater;
}
