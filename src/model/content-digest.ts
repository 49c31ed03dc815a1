// Digests of objects' JSON, remembered per object: a render's objects are serialized and hashed once,
// when the render is made, and every later copy or derivation carries the digest instead of recomputing it.
import { createHash } from 'node:crypto';

const remembered = new WeakMap<object, string>();

/** SHA-1 of the object's JSON, base64url (27 characters, never a `{`: it cannot look like JSON). */
export function computeDigest(obj: unknown): string {
  return createHash('sha1')
    .update(JSON.stringify(obj) ?? 'undefined')
    .digest('base64url');
}

/**
 * Remembers that `obj`'s content has this digest. Only for objects nobody mutates afterwards (the render
 * pipeline copies before it changes anything): a changed object would keep its old digest.
 */
export function rememberDigest(obj: object, digest: string): void {
  remembered.set(obj, digest);
}

/** The digest remembered for this very object, if any (never computed here). */
export function knownDigest(obj: object): string | undefined {
  return remembered.get(obj);
}

/**
 * The digest of an object derived from `source` by a deterministic step whose other inputs `inputs`
 * names (a digest of them, made once per batch): equal when source and inputs are equal, different when
 * either differs (the source's digest has a fixed length, so the two parts cannot run into each other).
 * Undefined when `source` has no remembered digest. No hashing here: it runs per object per refresh.
 */
export function derivedDigest(source: object, inputs: string): string | undefined {
  const base = remembered.get(source);
  return base === undefined ? undefined : `${base}${inputs}`;
}
