// The authz matrix of the security suite, generated from the server's OpenAPI document (which the
// route table generates): every route × five callers, with what each caller's role allows.

export type Caller = 'unauthenticated' | 'readonly' | 'updateOnly' | 'projectToken' | 'admin';
export const CALLERS: readonly Caller[] = [
  'unauthenticated',
  'readonly',
  'updateOnly',
  'projectToken',
  'admin',
];

interface Operation {
  security?: unknown[];
  'x-rbac'?: { resource?: string; action?: string; perItem?: boolean; check?: string };
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
}

export interface AuthzCase {
  id: string;
  caller: Caller;
  method: string;
  path: string;
  /** unauthenticated: 401; denied: 403; allowed: neither; filtered: a list without the test app; any: no 5xx. */
  expect: 'unauthenticated' | 'denied' | 'allowed' | 'filtered' | 'any';
}

/** What each role may do, written out by hand from the policies the test sets up (not read from the server). */
function allows(caller: Caller, resource: string, action: string): boolean {
  switch (caller) {
    case 'admin':
      return true;
    case 'readonly':
      return action === 'get';
    case 'updateOnly':
      return resource === 'applications' && action === 'update';
    case 'projectToken':
      return resource === 'applications' && (action === 'get' || action === 'sync');
    default:
      return false;
  }
}

function fillPath(path: string, p: { app: string; project: string; repo: string }): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (name === 'repo' || name === 'url') return encodeURIComponent(p.repo);
    if (name === 'project') return p.project;
    if (name === 'name' || name === 'application' || name === 'appName') return p.app;
    if (name === 'role') return 'ci';
    if (name === 'revision') return '0'.repeat(40);
    return 'x';
  });
}

export function authzCases(
  doc: OpenApiDoc,
  params: { app: string; project: string; repo: string },
): AuthzCase[] {
  const out: AuthzCase[] = [];
  for (const [rawPath, ops] of Object.entries(doc.paths)) {
    // Event streams never end; their authorization is the same per-item check as the lists.
    if (rawPath.includes('/stream')) continue;
    // /projects/{name}: the name is a project there.
    const path = fillPath(
      rawPath.startsWith('/api/v1/projects/{name}') ? rawPath.replace('{name}', params.project) : rawPath,
      params,
    );
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase();
      const rbac = op['x-rbac'];
      for (const caller of CALLERS) {
        let expect: AuthzCase['expect'];
        if (!op.security) expect = 'any';
        else if (caller === 'unauthenticated') expect = 'unauthenticated';
        else if (!rbac?.resource || !rbac.action) expect = 'any';
        else if (allows(caller, rbac.resource, rbac.action)) expect = 'allowed';
        else expect = rbac.perItem ? 'filtered' : 'denied';
        // Destructive calls that would succeed are not sent (the test app and accounts must stay).
        if (expect === 'allowed' && method === 'DELETE') continue;
        if (expect === 'any' && method === 'DELETE' && caller !== 'unauthenticated') continue;
        out.push({ id: `${caller} ${method} ${rawPath}`, caller, method, path, expect });
      }
    }
  }
  return out;
}
