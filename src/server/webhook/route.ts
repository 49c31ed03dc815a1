// POST /api/webhook: verify a provider's push event, then refresh exactly the apps that follow the pushed ref.
import { errorMessage } from '../../common/errors.js';
import { ANNOTATION_REFRESH, type Application } from '../../model/index.js';
import type { ApiContext } from '../api-context.js';
import { badRequest, HttpError } from '../http-error.js';
import { defineRoute, json, type Route } from '../route.js';
import { refreshAppSetsForPush } from './appset-refresh.js';
import { detectProvider, isPushEvent, parsePush, type PushEvent } from './payload.js';
import { repoKey, revisionFollows } from './repo-match.js';
import { verifyWebhook } from './verify.js';

export const WEBHOOK_MAX_BYTES = 10 * 1024 * 1024;

/** Apps with a source in a pushed repository whose targetRevision follows a pushed ref. */
export function appsForPush(
  apps: readonly Application[],
  push: PushEvent,
): { app: Application; repoURL: string }[] {
  const keys = new Set(push.repoURLs.map(repoKey));
  const out: { app: Application; repoURL: string }[] = [];
  for (const app of apps) {
    const sources = app.spec.sources ?? (app.spec.source ? [app.spec.source] : []);
    const hit = sources.find(
      (s) => keys.has(repoKey(s.repoURL)) && revisionFollows(s.targetRevision, push.refs, push.defaultBranch),
    );
    if (hit) out.push({ app, repoURL: hit.repoURL });
  }
  return out;
}

export function webhookRoute(api: ApiContext): Route {
  return defineRoute({
    method: 'POST',
    path: '/api/webhook',
    summary: 'Receive a Git push event (GitHub, GitLab, Gitea/Gogs, Bitbucket Cloud/Server)',
    tag: 'Webhook',
    auth: 'public',
    rawBody: true,
    maxBodyBytes: WEBHOOK_MAX_BYTES,
    async handler({ req, raw }) {
      const detected = detectProvider(req.headers);
      if (!detected)
        throw badRequest(
          'unknown webhook: no X-GitHub-Event, X-Gitlab-Event, X-Gitea-Event, X-Gogs-Event or X-Event-Key header',
        );
      const { provider, event } = detected;
      // Authenticity first: an unsigned ping must not learn anything either.
      const verified = verifyWebhook(provider, req.headers, raw, api.settings.current().webhook);
      if (!verified.ok) {
        api.log.warn('webhook refused', { provider, reason: verified.reason });
        throw new HttpError(401, `webhook signature check failed: ${verified.reason}`);
      }
      api.metrics.webhookEvents.inc({ provider });
      if (!isPushEvent(provider, event)) return json({});
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw badRequest('the webhook payload is not JSON');
      }
      const push = parsePush(provider, body);
      const matched = appsForPush(api.read.apps.list(), push);
      // Renew the shared ls-remote of each pushed repository once, so the refresh resolves the new commit.
      const asked = new Map(matched.map((m) => [`${m.repoURL} ${m.app.spec.project}`, m]));
      for (const { repoURL, app } of asked.values())
        await api.read.repo
          .lsRemote(repoURL, { maxAgeMs: 0, project: app.spec.project || 'default' })
          .catch((e: unknown) =>
            api.log.warn('webhook: ls-remote failed', { repo: repoURL, error: errorMessage(e) }),
          );
      const refreshed: string[] = [];
      for (const { app } of matched) {
        const patch = { metadata: { annotations: { [ANNOTATION_REFRESH]: 'normal' } } };
        await api.writer
          .patch('Application', app.metadata.name, patch)
          .then(() => refreshed.push(app.metadata.name))
          .catch((e: unknown) =>
            api.log.warn('webhook: refresh failed', { app: app.metadata.name, error: errorMessage(e) }),
          );
      }
      const appSets = await refreshAppSetsForPush(api, push);
      api.log.info('webhook push', {
        provider,
        refs: push.refs.map((r) => r.name),
        refreshed: refreshed.length,
        appSets,
      });
      // The reply names no application and no count: the caller may be anyone who can reach the URL.
      return json({});
    },
  });
}
