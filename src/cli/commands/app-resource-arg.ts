// Parsing `--resource GROUP:KIND:NAME` (argocd's format; NAME may be NAMESPACE/NAME, GROUP may be empty).
import type { SyncOperationResource } from '../../model/index.js';
import { UsageError } from '../context-client.js';

const FORMAT_HINT =
  'use GROUP:KIND:NAME or GROUP:KIND:NAMESPACE/NAME, e.g. apps:Deployment:guestbook or :Service:default/guestbook';

export function parseResourceArg(arg: string): SyncOperationResource {
  const parts = arg.split(':');
  if (parts.length !== 3) throw new UsageError(`invalid --resource "${arg}"`, { hint: FORMAT_HINT });
  const [group = '', kind = '', rest = ''] = parts;
  const slash = rest.indexOf('/');
  const namespace = slash >= 0 ? rest.slice(0, slash) : '';
  const name = slash >= 0 ? rest.slice(slash + 1) : rest;
  if (!kind || !name || name.includes('/') || (slash >= 0 && !namespace))
    throw new UsageError(`invalid --resource "${arg}"`, { hint: FORMAT_HINT });
  return { group, kind, name, ...(namespace ? { namespace } : {}) };
}

/** How a resource is shown in progress lines and tables: Kind/namespace/name (group-qualified kind). */
export function resourceLabel(r: { group?: string; kind: string; namespace?: string; name: string }): string {
  const kind = r.group ? `${r.kind}.${r.group}` : r.kind;
  return `${kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}
