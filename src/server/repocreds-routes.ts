// Credential templates as Argo CD serves them (/api/v1/repocreds): Secrets labelled
// secret-type=repo-creds; every repository under the URL prefix without its own credentials uses them.
import type { ApiContext } from './api-context.js';
import { conflict, notFound } from './http-error.js';
import { fieldsFromBody, repoCredsView, repoSecrets, writeRepoSecret } from './repo-secrets.js';
import { defineRoute, json, type Route } from './route.js';
import { repoCredsCreate } from './schemas.js';

export function repoCredsRoutes(api: ApiContext): Route[] {
  const { read, writer } = api;
  const ns = read.namespace;
  const templates = () => repoSecrets(read.list('', 'Secret', ns), 'repo-creds');
  const find = (url: string) => templates().find((t) => t.fields.url === url);
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/repocreds',
      summary: 'List credential templates (without credentials)',
      tag: 'Repositories',
      auth: 'user',
      rbac: { resource: 'repositories', action: 'get' },
      async handler({ can }) {
        const items = templates()
          .filter((t) => can('repositories', 'get', t.fields.url))
          .map((t) => repoCredsView(t.fields));
        return json({ metadata: {}, items });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/repocreds',
      summary: 'Add a credential template for every repository under a URL prefix (?upsert=true replaces)',
      tag: 'Repositories',
      auth: 'user',
      rbac: {
        resource: 'repositories',
        action: 'create',
        object: ({ body }) => (body as { url: string }).url,
      },
      query: [{ name: 'upsert', description: 'true: replace if it exists', type: 'boolean' }],
      body: repoCredsCreate,
      async handler({ body, query }) {
        const { url, ...rest } = body;
        const existing = find(url);
        if (existing && query.get('upsert') !== 'true')
          throw conflict(`repository credentials for ${url} already exist`, 'use --upsert to replace them');
        const fields = fieldsFromBody(url, rest);
        await writeRepoSecret(api.writer, 'repo-creds', fields, existing?.secretName);
        return json(repoCredsView(fields));
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/repocreds/{url}',
      summary: 'Remove a credential template',
      tag: 'Repositories',
      auth: 'user',
      rbac: { resource: 'repositories', action: 'delete', object: ({ params }) => params.url ?? '' },
      async handler({ params }) {
        const t = find(params.url ?? '');
        if (!t)
          throw notFound(
            `no repository credentials for ${params.url}`,
            'list them with `driftless repocreds list`',
          );
        await writer.delete('Secret', t.secretName);
        return json({});
      },
    }),
  ];
}
