// Ordering of Kubernetes resourceVersions: numeric ones compare as numbers; opaque ones only as "different".
export function isNewerVersion(incoming: string | undefined, current: string | undefined): boolean {
  if (current === undefined || current === '') return true;
  if (incoming === undefined || incoming === '') return false;
  if (/^\d+$/.test(incoming) && /^\d+$/.test(current)) {
    return incoming.length !== current.length ? incoming.length > current.length : incoming > current;
  }
  return incoming !== current;
}
