// "Edit as YAML": an Application as YAML text and back, with a clear reason when the text is not one. Pure.
import { parse } from 'yaml';
import type { Application } from '../../api/types.ts';
import { toYaml } from '../../lib/yaml-lines.ts';

/** The app as a person would write it: no status, no server-set metadata. */
export function appToYaml(app: Application): string {
  const { status: _s, metadata, ...rest } = app;
  const {
    resourceVersion: _r,
    uid: _u,
    generation: _g,
    creationTimestamp: _c,
    managedFields: _m,
    ...meta
  } = metadata as Application['metadata'] & Record<string, unknown>;
  return toYaml({ ...rest, metadata: meta });
}

export function appFromYaml(text: string): { app: Application } | { error: string } {
  let v: unknown;
  try {
    v = parse(text);
  } catch (e) {
    return { error: `Not YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  const obj = v as Partial<Application> | null;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return { error: 'The YAML is not an object.' };
  if (obj.kind !== 'Application') return { error: 'kind must be Application.' };
  if (!obj.metadata?.name) return { error: 'metadata.name is required.' };
  if (!obj.spec || typeof obj.spec !== 'object') return { error: 'spec is required.' };
  if (!obj.spec.source && !obj.spec.sources?.length)
    return { error: 'spec.source (or spec.sources) is required.' };
  if (!obj.spec.destination) return { error: 'spec.destination is required.' };
  return { app: { apiVersion: 'argoproj.io/v1alpha1', ...obj } as Application };
}
