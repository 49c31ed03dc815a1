// Argo CD Image Updater's `registries.conf` (a key of argocd-image-updater-config): per-registry
// credentials by prefix, used when an image has no pull-secret annotation (and by promote), and its
// `limit` of requests per second to the registry.
import { parse } from 'yaml';
import { isPlainObject } from '../model/index.js';
import { ImageError } from './errors.js';
import type { ImageRef } from './image-ref.js';

export interface RegistryEntry {
  name: string;
  /** `host[/path]`: images whose `registry/repository` starts with it use this entry. */
  prefix: string;
  /** The same forms as the pull-secret annotation (pullsecret:, secret:, env:, ext:). */
  credentials: string | undefined;
  /** The entry used for images no prefix matches. */
  default: boolean;
  /** Requests per second to the registry host (Image Updater's `limit`); undefined: the default. */
  limit: number | undefined;
}

/** The entries of `registries.conf`; a malformed text is an error naming what to fix. */
export function parseRegistriesConf(text: string | undefined): RegistryEntry[] {
  if (!text?.trim()) return [];
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new ImageError('registries.conf in argocd-image-updater-config is not YAML', {
      reason: 'InvalidAnnotation',
      hint: 'write it as `registries:` followed by a list of {name, prefix, credentials}',
      cause: e,
    });
  }
  const list = isPlainObject(doc) ? doc.registries : undefined;
  if (!Array.isArray(list))
    throw new ImageError('registries.conf in argocd-image-updater-config has no `registries:` list', {
      reason: 'InvalidAnnotation',
      hint: 'write it as `registries:` followed by a list of {name, prefix, credentials}',
    });
  return list.map((r: unknown, i) => {
    const e = isPlainObject(r) ? r : {};
    const api =
      typeof e.api_url === 'string' ? e.api_url.replace(/^https?:\/\//, '').replace(/\/+$/, '') : '';
    const prefix = typeof e.prefix === 'string' && e.prefix ? e.prefix.replace(/\/+$/, '') : api;
    if (!prefix)
      throw new ImageError(`registries.conf entry ${i + 1} has neither prefix nor api_url`, {
        reason: 'InvalidAnnotation',
        hint: 'give each registry a prefix, e.g. prefix: registry.example.com',
      });
    const limit = e.limit === undefined || e.limit === null ? undefined : Number(e.limit);
    if (limit !== undefined && !(limit > 0))
      throw new ImageError(`registries.conf entry ${i + 1} (${prefix}) has limit ${String(e.limit)}`, {
        reason: 'InvalidAnnotation',
        hint: 'limit is the number of requests per second to the registry: a positive number such as 20',
      });
    return {
      name: typeof e.name === 'string' ? e.name : prefix,
      prefix,
      credentials: typeof e.credentials === 'string' && e.credentials ? e.credentials : undefined,
      default: e.default === true,
      limit,
    };
  });
}

/** The entry for an image: the longest matching prefix, else the default one. */
export function registryFor(entries: readonly RegistryEntry[], image: ImageRef): RegistryEntry | undefined {
  const full = `${image.registry}/${image.repository}`;
  const matches = entries.filter((e) => full === e.prefix || full.startsWith(`${e.prefix}/`));
  const best = matches.sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return best ?? entries.find((e) => e.default);
}

/** The request limit for a registry `host[:port]`: its entries' (the lowest if several set one). */
export function limitFor(entries: readonly RegistryEntry[], host: string): number | undefined {
  const limits = entries
    .filter((e) => e.prefix.split('/')[0] === host && e.limit !== undefined)
    .map((e) => e.limit ?? Infinity);
  return limits.length ? Math.min(...limits) : undefined;
}
