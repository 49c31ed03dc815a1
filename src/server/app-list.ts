// GET /api/v1/applications: filter, RBAC per item, page, select fields; the body is joined from per-app texts.
import type { Application } from '../model/index.js';
import type { AppListSnapshot } from './app-list-snapshot.js';
import { appFilter, filterKey, matchesFilter, paginate } from './app-query.js';
import { fieldsKey, parseFields, subFields } from './json-fields.js';
import type { RouteResult } from './route.js';

const OPEN_ITEMS = Buffer.from(',"items":[');
const COMMA = Buffer.from(',');
const CLOSE_ITEMS = Buffer.from(']');
const CLOSE = Buffer.from('}');

/** Who asks, for remembering what they may see: RBAC subjects and the enforcer that decides for them. */
export interface ListCaller {
  subjects: readonly string[];
  policy: object;
}

export function listApplications(
  snapshot: AppListSnapshot,
  query: URLSearchParams,
  can: (resource: string, action: string, object: string) => boolean,
  caller: ListCaller,
): RouteResult {
  const f = appFilter(query);
  const fields = parseFields(query.getAll('fields'));
  const { sorted, positions, id } = snapshot.visible(
    `${caller.subjects.join('\u0000')}\u0002${filterKey(query)}`,
    caller.policy,
    (a) =>
      matchesFilter(a, f) && can('applications', 'get', `${a.spec.project || 'default'}/${a.metadata.name}`),
  );
  const at = (i: number) => sorted[i] as Application;
  const byPosition = paginate<number>(positions, (i) => at(i).metadata.name, query);
  const page = { ...byPosition, items: byPosition.items.map(at) };
  const metadata: Record<string, unknown> = {};
  if (page.continue) metadata.continue = page.continue;
  if (page.remainingItemCount !== undefined) metadata.remainingItemCount = page.remainingItemCount;
  // Our paging extension: the list metadata (continue, remainingItemCount) stays whatever `fields` says.
  const metaText = JSON.stringify(metadata);
  const itemFields = subFields(fields, 'items');
  const withItems = fields === undefined || itemFields !== undefined;
  const itemSelection = itemFields === true ? undefined : itemFields;
  const itemKey = fieldsKey(itemSelection);
  return {
    etag: snapshot.etag(
      id,
      withItems ? page.items : [],
      `${fieldsKey(fields)}|${withItems ? itemKey : '-'}`,
      metaText,
    ),
    shared: snapshot.encoded,
    text: () => {
      // Buffers joined by one copy: concatenating thousands of strings and encoding them costs far more.
      const parts: Buffer[] = [Buffer.from(`{"metadata":${metaText}`)];
      if (withItems) {
        parts.push(OPEN_ITEMS);
        page.items.forEach((a, i) => {
          if (i > 0) parts.push(COMMA);
          parts.push(snapshot.itemJson(a, itemSelection, itemKey));
        });
        parts.push(CLOSE_ITEMS);
      }
      parts.push(CLOSE);
      return Buffer.concat(parts);
    },
  };
}
