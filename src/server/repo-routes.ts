// Repositories as Argo CD serves them (/api/v1/repositories): Secrets labelled secret-type=repository,
// each with its connection state; adding one tests the connection first; credentials never leave.
import type { ApplicationSource, RepositoryFields } from '../model/index.js';
import { hasCredentialFields, templateCovers } from '../model/index.js';
import type { ApiContext } from './api-context.js';
import { requireAppDetailsAccess } from './app-details-access.js';
import { badRequest, conflict, notFound } from './http-error.js';
import { ConnectionStates } from './repo-connection.js';
import {
  fieldsFromBody,
  findRepoSecret,
  repoSecrets,
  repositoryView,
  writeRepoSecret,
  type StoredRepoSecret,
} from './repo-secrets.js';
import { defineRoute, json, type Route } from './route.js';
import { appDetailsRequest, appDetailsResponse, repositoryCreate, repositoryValidate } from './schemas.js';
import { sourceHttpError, withSourceErrors } from './source-errors.js';
import { repoKey } from './webhook/repo-match.js';

/** A failed test as a message with its hint (the hint says what to change). */
function failure(e: unknown): string {
  const err = e as { message?: unknown; hint?: unknown };
  const msg = typeof err.message === 'string' ? err.message : String(e);
  return typeof err.hint === 'string' && err.hint ? `${msg} (${err.hint})` : msg;
}

export function repoRoutes(api: ApiContext): Route[] {
  const { read, writer } = api;
  const ns = read.namespace;
  const cached = () => read.list('', 'Secret', ns);
  const repos = () => repoSecrets(cached(), 'repository');
  const templates = () => repoSecrets(cached(), 'repo-creds');
  const states = new ConnectionStates(
    {
      test: (f) =>
        read.repo.testRepository(f).catch((e: unknown) => {
          throw new Error(failure(e));
        }),
    },
    api.nowMs,
  );
  const object = (f: { url: string; project?: string | undefined }) =>
    f.project ? `${f.project}/${f.url}` : f.url;
  const view = async (r: StoredRepoSecret, force: boolean) => {
    const tmpls = templates();
    const covering = tmpls.filter((t) => templateCovers(t.fields.url, r.fields.url));
    const version = [r.version, ...covering.map((t) => t.version)].join('/');
    const inherited = covering.length > 0 && !hasCredentialFields(r.fields);
    return repositoryView(r.fields, await states.get(r.fields, version, force), inherited);
  };
  const find = (url: string, project?: string) => {
    const r = findRepoSecret(repos(), url, project);
    if (!r) throw notFound(`repository ${url} is not configured`, 'list them with `driftless repo list`');
    return r;
  };
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/repositories',
      summary: 'List configured repositories with their connection state (without credentials)',
      tag: 'Repositories',
      auth: 'user',
      rbac: { resource: 'repositories', action: 'get' },
      query: [
        { name: 'forceRefresh', description: 'true: test every connection again now', type: 'boolean' },
      ],
      async handler({ can, query }) {
        const force = query.get('forceRefresh') === 'true';
        const visible = repos().filter((r) => can('repositories', 'get', object(r.fields)));
        return json({ metadata: {}, items: await Promise.all(visible.map((r) => view(r, force))) });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/repositories/{repo}',
      summary: 'Get a repository by URL (URL-encoded), with its connection state',
      tag: 'Repositories',
      auth: 'user',
      rbac: { resource: 'repositories', action: 'get' },
      query: [
        { name: 'forceRefresh', description: 'true: test the connection again now', type: 'boolean' },
        { name: 'appProject', description: 'the project-scoped repository of this project' },
      ],
      async handler({ params, query, require }) {
        const r = find(params.repo ?? '', query.get('appProject') ?? undefined);
        require('repositories', 'get', object(r.fields));
        return json(await view(r, query.get('forceRefresh') === 'true'));
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/repositories/{repo}/appdetails',
      summary:
        'The tool a source would be rendered with (Directory, Kustomize, Helm or Plugin), read from its checkout; for a config management plugin its parameters announcement',
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
        const who = { project: body.appProject };
        const app = { appName: body.appName, appNamespace: ns };
        return json(await withSourceErrors(() => read.repo.appDetails(source, who, app)));
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/repositories/{repo}/validate',
      summary: 'Test a connection with the given settings, without storing anything',
      tag: 'Repositories',
      auth: 'user',
      rbac: { resource: 'repositories', action: 'create', object: ({ params }) => params.repo ?? '' },
      body: repositoryValidate,
      async handler({ params, body }) {
        const { repo: _r, ...rest } = body;
        await testOrRefuse(fieldsFromBody(params.repo ?? '', rest));
        return json({});
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/repositories',
      summary: 'Add a repository after testing its connection (?upsert=true replaces an existing one)',
      tag: 'Repositories',
      auth: 'user',
      rbac: {
        resource: 'repositories',
        action: 'create',
        object: ({ body }) =>
          object({ url: (body as { repo: string }).repo, ...(body as { project?: string }) }),
      },
      query: [{ name: 'upsert', description: 'true: replace if it exists', type: 'boolean' }],
      body: repositoryCreate,
      async handler({ body, query }) {
        const { repo, ...rest } = body;
        const fields = fieldsFromBody(repo, rest);
        const existing = findRepoSecret(repos(), repo, body.project ?? '');
        if (existing && query.get('upsert') !== 'true')
          throw conflict(`repository ${repo} already exists`, 'use --upsert to replace it');
        // Argo CD tests first and stores nothing that does not connect.
        await testOrRefuse(fields);
        await writeRepoSecret(api.writer, 'repository', fields, existing?.secretName);
        const state = {
          status: 'Successful' as const,
          message: '',
          attemptedAt: new Date(api.nowMs()).toISOString(),
        };
        const inherited =
          !hasCredentialFields(fields) && templates().some((t) => templateCovers(t.fields.url, repo));
        return json(repositoryView(fields, state, inherited));
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/repositories/{repo}',
      summary: 'Remove a repository (and its stored credentials)',
      tag: 'Repositories',
      auth: 'user',
      rbac: { resource: 'repositories', action: 'delete' },
      query: [{ name: 'appProject', description: 'the project-scoped repository of this project' }],
      async handler({ params, query, require }) {
        const r = find(params.repo ?? '', query.get('appProject') ?? undefined);
        require('repositories', 'delete', object(r.fields));
        await writer.delete('Secret', r.secretName);
        return json({});
      },
    }),
  ];

  async function testOrRefuse(fields: RepositoryFields): Promise<void> {
    try {
      await read.repo.testRepository(fields);
    } catch (e) {
      const http = sourceHttpError(e);
      if (!http) throw e;
      throw badRequest(`cannot connect to repository ${fields.url}: ${http.message}`, http.hint);
    }
  }
}
