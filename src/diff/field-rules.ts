// Which fields hold quantities or int-or-string values, and which key matches items of which lists.
import { isPlainObject } from '../model/index.js';

/** Maps whose values are quantities (`resources.limits`, ResourceQuota `hard`, LimitRange `max`, …). */
const QUANTITY_MAPS = new Set([
  'limits',
  'requests',
  'hard',
  'used',
  'capacity',
  'allocatable',
  'overhead',
  'min',
  'max',
  'default',
  'defaultRequest',
  'maxLimitRequestRatio',
]);
/** Fields that are quantities wherever they appear. */
const QUANTITY_FIELDS = new Set(['sizeLimit', 'averageValue']);
/** IntOrString fields: `80` and `"80"` name the same port or count. */
const INT_OR_STRING_FIELDS = new Set(['targetPort', 'port', 'maxSurge', 'maxUnavailable', 'minAvailable']);

export function isQuantityField(key: string, parentKey: string | undefined): boolean {
  return QUANTITY_FIELDS.has(key) || (parentKey !== undefined && QUANTITY_MAPS.has(parentKey));
}

export function isIntOrStringField(key: string): boolean {
  return INT_OR_STRING_FIELDS.has(key);
}

/** Fields of a list key, with the value the API server fills in when the field is left out. */
export interface ListKey {
  readonly fields: readonly string[];
  readonly defaults?: Readonly<Record<string, unknown>>;
  /** Matched by name on a guess (a list of a CRD): the list may be atomic, so Git owns all of it. */
  readonly guessed?: boolean;
}

const BY_NAME: ListKey = { fields: ['name'] };
const PROTOCOL_TCP = { protocol: 'TCP' };
const GUESSED_BY_NAME: ListKey = { fields: ['name'], guessed: true };

/** Merge keys of the built-in kinds' lists, by the list's field name (strategic-merge / SSA list-map keys). */
const LIST_KEYS: Record<string, ListKey> = {
  containers: BY_NAME,
  initContainers: BY_NAME,
  ephemeralContainers: BY_NAME,
  volumes: BY_NAME,
  env: BY_NAME,
  imagePullSecrets: BY_NAME,
  resourceClaims: BY_NAME,
  volumeMounts: { fields: ['mountPath'] },
  volumeDevices: { fields: ['devicePath'] },
  hostAliases: { fields: ['ip'] },
  readinessGates: { fields: ['conditionType'] },
  conditions: { fields: ['type'] },
  topologySpreadConstraints: { fields: ['topologyKey', 'whenUnsatisfiable'] },
};

function allHave(list: readonly unknown[], field: string): boolean {
  return list.every((x) => isPlainObject(x) && x[field] !== undefined);
}

/** The key to match `desired[i]` to `live[j]` by, or undefined to match by index. */
export function listKeyFor(
  field: string | undefined,
  desired: readonly unknown[],
  live: readonly unknown[],
): ListKey | undefined {
  if (desired.length === 0) return undefined;
  if (field === 'ports') {
    // Container ports key on containerPort, Service ports on port; both with protocol (DNS has 53/TCP and 53/UDP).
    if (allHave(desired, 'containerPort'))
      return { fields: ['containerPort', 'protocol'], defaults: PROTOCOL_TCP };
    if (allHave(desired, 'port')) return { fields: ['port', 'protocol'], defaults: PROTOCOL_TCP };
    return undefined;
  }
  // Own keys only: a field named like an Object method (valueOf, constructor) is not a known list.
  const known = field === undefined || !Object.hasOwn(LIST_KEYS, field) ? undefined : LIST_KEYS[field];
  if (known) return allHave(desired, known.fields[0] ?? '') ? known : undefined;
  // Unknown lists of named objects (CRDs) match by name when names are unique on both sides.
  return allHave(desired, 'name') && uniqueNames(desired) && uniqueNames(live) ? GUESSED_BY_NAME : undefined;
}

function uniqueNames(list: readonly unknown[]): boolean {
  const seen = new Set<unknown>();
  for (const x of list) {
    const n = isPlainObject(x) ? x.name : undefined;
    if (n === undefined) continue;
    if (seen.has(n)) return false;
    seen.add(n);
  }
  return true;
}

/** The key values of one item, defaults filled in; numbers and numeric strings agree. */
export function itemKey(item: unknown, key: ListKey): string {
  if (!isPlainObject(item)) return '\u0000';
  let out = '';
  for (const f of key.fields) {
    const v = item[f] ?? key.defaults?.[f];
    out += `${typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v ?? null)}\u0000`;
  }
  return out;
}

/** The key as a readable object for paths: `{name: "app"}`. */
export function itemKeyObject(item: unknown, key: ListKey): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isPlainObject(item)) return out;
  for (const f of key.fields) {
    const v = item[f] ?? key.defaults?.[f];
    if (v !== undefined) out[f] = v;
  }
  return out;
}
