// AppProject routes: list, get, create, update, delete, active sync windows, and project role tokens.
import { randomUUID } from 'node:crypto';
import { isAlreadyExists } from '../model/api-error.js';
import { API_VERSION, type AppProject } from '../model/index.js';
import { projectRoleSubject } from '../policy/rbac-enforcer.js';
import { windowActive, windowMatches } from '../policy/sync-window.js';
import type { ApiContext } from './api-context.js';
import { issueToken } from './auth.js';
import { badRequest, conflict, HttpError, notFound } from './http-error.js';
import { defineRoute, json, type Route } from './route.js';
import { appProjectSchema, projectCreate, projectTokenCreate, tokenResponse } from './schemas.js';

export function projectRoutes(api: ApiContext): Route[] {
  const { read, writer } = api;
  const ns = read.namespace;
  const project = async (name: string): Promise<AppProject> => {
    const p = await read.apps.readProject(name);
    if (!p) throw notFound(`project ${name} not found in namespace ${ns}`);
    return p;
  };
  const byParam =
    (key: string) =>
    ({ params }: { params: Readonly<Record<string, string>> }) =>
      params[key] ?? '';
  const toProject = (p: unknown): AppProject => {
    const out = structuredClone(p) as AppProject;
    out.apiVersion = API_VERSION;
    out.kind = 'AppProject';
    out.metadata.namespace = ns;
    return out;
  };
  const write = (p: AppProject) => writer.replace('AppProject', p);
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/projects',
      summary: 'List projects the caller may get',
      tag: 'Projects',
      auth: 'user',
      rbac: { resource: 'projects', action: 'get' },
      async handler({ can }) {
        const items = api.projects().filter((p) => can('projects', 'get', p.metadata.name));
        return json({
          metadata: {},
          items: items.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)),
        });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/projects/{name}',
      summary: 'Get a project',
      tag: 'Projects',
      auth: 'user',
      rbac: { resource: 'projects', action: 'get', object: byParam('name') },
      response: appProjectSchema,
      async handler({ params }) {
        return json(await project(params.name ?? ''));
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/projects',
      summary: 'Create a project ({project, upsert})',
      tag: 'Projects',
      auth: 'user',
      rbac: {
        resource: 'projects',
        action: 'create',
        object: ({ body }) => (body as { project: AppProject }).project.metadata.name,
      },
      body: projectCreate,
      response: appProjectSchema,
      async handler({ body, require }) {
        const p = toProject(body.project);
        try {
          return json(await writer.create('AppProject', p));
        } catch (e) {
          if (!isAlreadyExists(e) || !body.upsert)
            throw isAlreadyExists(e)
              ? conflict(`project ${p.metadata.name} already exists`, 'set upsert: true')
              : e;
          require('projects', 'update', p.metadata.name);
          const live = await project(p.metadata.name);
          return json(await write({ ...live, spec: p.spec }));
        }
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/projects/{name}',
      summary: 'Replace the spec of a project ({project})',
      tag: 'Projects',
      auth: 'user',
      rbac: { resource: 'projects', action: 'update', object: byParam('name') },
      body: projectCreate,
      response: appProjectSchema,
      async handler({ params, body }) {
        const live = await project(params.name ?? '');
        return json(await write({ ...live, spec: toProject(body.project).spec }));
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/projects/{name}',
      summary: 'Delete a project no application uses',
      tag: 'Projects',
      auth: 'user',
      rbac: { resource: 'projects', action: 'delete', object: byParam('name') },
      async handler({ params }) {
        const name = (await project(params.name ?? '')).metadata.name;
        const users = read.apps.list().filter((a) => (a.spec.project || 'default') === name);
        if (users.length > 0)
          throw conflict(
            `project ${name} is used by ${users.length} application(s), e.g. ${users[0]?.metadata.name}`,
            'move or delete them first',
          );
        await writer.delete('AppProject', name);
        return json({});
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/projects/{name}/syncwindows',
      summary: 'Sync windows of a project that are active now',
      tag: 'Projects',
      auth: 'user',
      rbac: { resource: 'projects', action: 'get', object: byParam('name') },
      query: [{ name: 'app', description: 'only windows that apply to this app' }],
      async handler({ params, query }) {
        const p = await project(params.name ?? '');
        const appName = query.get('app');
        const app = appName ? await api.app(appName) : undefined;
        const windows = (p.spec.syncWindows ?? []).filter((w) => {
          const r = windowActive(w, api.nowMs());
          if (!('active' in r) || !r.active) return false;
          if (!app) return true;
          const d = app.spec.destination;
          return windowMatches(w, {
            app: app.metadata.name,
            namespace: d.namespace ?? '',
            server: d.server,
            clusterName: d.name,
          });
        });
        return json({ windows });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/projects/{project}/roles/{role}/token',
      summary: 'Create a JWT for a project role',
      tag: 'Projects',
      auth: 'user',
      rbac: { resource: 'projects', action: 'update', object: byParam('project') },
      body: projectTokenCreate,
      response: tokenResponse,
      async handler({ params, body }) {
        const p = await project(params.project ?? '');
        const role = p.spec.roles?.find((r) => r.name === params.role);
        if (!role) throw notFound(`project ${p.metadata.name} has no role ${params.role}`);
        const key = api.settings.current().secretKey;
        if (!key) throw new HttpError(503, 'the server signing key is not loaded yet');
        const id = body.id ?? randomUUID();
        if (role.jwtTokens?.some((t) => t.id === id))
          throw badRequest(`role ${role.name} already has a token with id ${id}`);
        const now = Math.floor(api.nowMs() / 1000);
        const { token, claims } = issueToken(key, projectRoleSubject(p.metadata.name, role.name), now, {
          ttlSec: body.expiresIn,
          id,
        });
        const next = structuredClone(p);
        const r = next.spec.roles?.find((x) => x.name === role.name);
        if (r)
          r.jwtTokens = [
            ...(r.jwtTokens ?? []),
            { iat: now, id, ...(claims.exp ? { exp: claims.exp } : {}) },
          ];
        await write(next);
        return json({ token });
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/projects/{project}/roles/{role}/token/{iat}',
      summary: 'Revoke a project role token (by iat, or ?id=)',
      tag: 'Projects',
      auth: 'user',
      rbac: { resource: 'projects', action: 'update', object: byParam('project') },
      query: [{ name: 'id', description: 'token id (preferred over iat)' }],
      async handler({ params, query }) {
        const next = structuredClone(await project(params.project ?? ''));
        const r = next.spec.roles?.find((x) => x.name === params.role);
        if (!r) throw notFound(`project ${next.metadata.name} has no role ${params.role}`);
        const id = query.get('id');
        const before = r.jwtTokens?.length ?? 0;
        r.jwtTokens = (r.jwtTokens ?? []).filter((t) => (id ? t.id !== id : String(t.iat) !== params.iat));
        if (r.jwtTokens.length === before) throw notFound('no such token');
        await write(next);
        return json({});
      },
    }),
  ];
}
