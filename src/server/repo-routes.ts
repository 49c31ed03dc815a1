// Repositories as Argo CD stores them: Secrets labelled secret-type=repository; credentials never leave.
import { createHash } from 'node:crypto';
import { isAlreadyExists } from '../kube/api-error.js';
import type { ApplicationSource, KubeObject } from '../model/index.js';
import type { ApiContext } from './api-context.js';
import { requireAppDetailsAccess } from './app-details-access.js';
import { badRequest, conflict, notFound } from './http-error.js';
import { defineRoute, json, type Route } from './route.js';
import { appDetailsRequest, appDetailsResponse, repositoryCreate } from './schemas.js';
import { withSourceErrors } from './source-errors.js';
import { SECRET_RESOURCE } from './secret-writes.js';
import { repoKey } from './webhook/repo-match.js';

export const LABEL_SECRET_TYPE = 'argocd.argoproj.io/secret-type';

export interface RepositoryView {
  repo: string;
  type: string;
  name?: string;
  project?: string;
  username?: string;
  insecure?: boolean;
  enableLfs?: boolean;
  /** Whether credentials are stored (never the credentials themselves). */
  hasCredentials: boolean;
  connectionState: { status: string; message: string };
}

function decoded(secret: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((secret.data ?? {}) as Record<string, string>))
    out[k] = Buffer.from(v, 'base64').toString('utf8');
  for (const [k, v] of Object.entries((secret.stringData ?? {}) as Record<string, string>)) out[k] = v;
  return out;
}

/** Only non-secret fields are copied: a password or key can never reach a response by accident. */
export function repositoryView(secret: KubeObject): RepositoryView {
  const d = decoded(secret);
  const v: RepositoryView = {
    repo: d.url ?? '',
    type: d.type || 'git',
    hasCredentials: Boolean(d.password || d.sshPrivateKey || d.githubAppPrivateKey || d.tlsClientCertKey),
    connectionState: { status: 'Unknown', message: 'connection state is not probed by the API' },
  };
  if (d.name) v.name = d.name;
  if (d.project) v.project = d.project;
  if (d.username) v.username = d.username;
  if (d.insecure) v.insecure = d.insecure === 'true';
  if (d.enableLfs) v.enableLfs = d.enableLfs === 'true';
  return v;
}

export function repoRoutes(api: ApiContext): Route[] {
  const { ctx } = api;
  const ns = ctx.config.namespace;
  const secrets = () =>
    ctx.cache.list('', 'Secret', ns).filter((s) => s.metadata.labels?.[LABEL_SECRET_TYPE] === 'repository');
  const find = (url: string) => secrets().find((s) => repoKey(decoded(s).url ?? '') === repoKey(url));
  const object = (v: RepositoryView) => (v.project ? `${v.project}/${v.repo}` : v.repo);
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/repositories',
      summary: 'List configured repositories (without credentials)',
      tag: 'Repositories',
      auth: 'user',
      rbac: { resource: 'repositories', action: 'get' },
      async handler({ can }) {
        const items = secrets()
          .map(repositoryView)
          .filter((v) => can('repositories', 'get', object(v)));
        return json({ metadata: {}, items });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/repositories/{repo}',
      summary: 'Get a repository by URL (URL-encoded)',
      tag: 'Repositories',
      auth: 'user',
      rbac: { resource: 'repositories', action: 'get', object: ({ params }) => params.repo ?? '' },
      async handler({ params }) {
        const s = find(params.repo ?? '');
        if (!s) throw notFound(`repository ${params.repo} is not configured`);
        return json(repositoryView(s));
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/repositories/{repo}/appdetails',
      summary:
        'The tool a source would be rendered with (Directory, Kustomize or Helm), read from its checkout',
      tag: 'Repositories',
      auth: 'user',
      rbac: { resource: 'repositories', action: 'get', object: ({ params }) => params.repo ?? '' },
      body: appDetailsRequest,
      response: appDetailsResponse,
      async handler({ params, body, can }) {
        if (repoKey(body.source.repoURL) !== repoKey(params.repo ?? ''))
          throw badRequest('source.repoURL must be the repository of the path');
        requireAppDetailsAccess(api, can, {
          repoURL: body.source.repoURL,
          appName: body.appName,
          appProject: body.appProject,
        });
        const source = body.source as ApplicationSource;
        return json({ type: await withSourceErrors(() => ctx.repo.detect(source)) });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/repositories',
      summary: 'Add a repository (?upsert=true replaces an existing one)',
      tag: 'Repositories',
      auth: 'user',
      rbac: {
        resource: 'repositories',
        action: 'create',
        object: ({ body }) => {
          const b = body as { repo: string; project?: string };
          return b.project ? `${b.project}/${b.repo}` : b.repo;
        },
      },
      query: [{ name: 'upsert', description: 'true: replace if it exists', type: 'boolean' }],
      body: repositoryCreate,
      async handler({ body, query }) {
        const existing = find(body.repo);
        if (existing && query.get('upsert') !== 'true')
          throw conflict(`repository ${body.repo} already exists`, 'use ?upsert=true');
        const { repo, ...rest } = body;
        const stringData: Record<string, string> = { url: repo, type: rest.type ?? 'git' };
        for (const [k, v] of Object.entries(rest)) if (v !== undefined) stringData[k] = String(v);
        const name =
          existing?.metadata.name ??
          `repo-${createHash('sha256').update(repoKey(repo)).digest('hex').slice(0, 10)}`;
        const secret: KubeObject = {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name, namespace: ns, labels: { [LABEL_SECRET_TYPE]: 'repository' } },
          type: 'Opaque',
          stringData,
        };
        const written = await ctx.client.create(SECRET_RESOURCE, secret).catch(async (e: unknown) => {
          if (!isAlreadyExists(e)) throw e;
          const live = await ctx.client.get(SECRET_RESOURCE, name, { namespace: ns });
          return ctx.client.replace(SECRET_RESOURCE, {
            ...secret,
            metadata: { ...secret.metadata, resourceVersion: live.metadata.resourceVersion ?? '' },
          });
        });
        return json(repositoryView({ ...written, stringData }));
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/repositories/{repo}',
      summary: 'Remove a repository',
      tag: 'Repositories',
      auth: 'user',
      rbac: { resource: 'repositories', action: 'delete', object: ({ params }) => params.repo ?? '' },
      async handler({ params }) {
        const s = find(params.repo ?? '');
        if (!s) throw notFound(`repository ${params.repo} is not configured`);
        await ctx.client.delete(SECRET_RESOURCE, s.metadata.name ?? '', { namespace: ns });
        return json({});
      },
    }),
  ];
}
