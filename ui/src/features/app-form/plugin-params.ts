// A config management plugin's parameters as form fields: the plugin's announcement (name, title,
// tooltip, required, string/array/map with a default) merged with the values an app already sets, as
// text (a string as is, an array one item a line, a map `key=value` a line), and back. Pure.
import type { ApplicationSource, ParameterAnnouncement } from '../../api/types.ts';

export type PluginParameter = NonNullable<NonNullable<ApplicationSource['plugin']>['parameters']>[number];
export type ParamKind = 'string' | 'array' | 'map';

/** A parameter the form shows: announced, or set by the app without being announced. */
export interface ParamField {
  name: string;
  label: string;
  tooltip?: string | undefined;
  required: boolean;
  kind: ParamKind;
  /** The announced default as text ('' when none). */
  defaultText: string;
}

/** What the form holds for a parameter the user set (or the app had): its kind and its text. */
export interface ParamValue {
  kind: ParamKind;
  text: string;
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function kindOf(p: { collectionType?: string | undefined; array?: unknown; map?: unknown }): ParamKind {
  if (p.collectionType === 'array' || p.collectionType === 'map') return p.collectionType;
  if (p.collectionType === 'string') return 'string';
  return p.map ? 'map' : p.array ? 'array' : 'string';
}

function textOf(
  kind: ParamKind,
  p: { string?: string | undefined; array?: string[] | undefined; map?: Record<string, string> | undefined },
): string {
  if (kind === 'array') return (p.array ?? []).join('\n');
  if (kind === 'map')
    return Object.entries(p.map ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
  return p.string ?? '';
}

/** The app's parameters as form values, by name. */
export function paramValuesFromSource(
  params: readonly PluginParameter[] | undefined,
): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of params ?? []) {
    if (!p.name) continue;
    const kind = kindOf(p);
    out[p.name] = { kind, text: textOf(kind, p) };
  }
  return out;
}

/**
 * The fields to show: every announced parameter, then those the app sets that are not announced
 * (`announcement` undefined: not known yet, so nothing is said about them).
 */
export function paramFields(
  announcement: readonly ParameterAnnouncement[] | undefined,
  values: Readonly<Record<string, ParamValue>>,
): ParamField[] {
  const fields: ParamField[] = (announcement ?? []).map((a) => {
    const kind = kindOf(a);
    return {
      name: a.name,
      label: a.title || a.name,
      tooltip: a.tooltip,
      required: a.required ?? false,
      kind,
      defaultText: textOf(kind, a),
    };
  });
  const announced = new Set(fields.map((f) => f.name));
  for (const [name, v] of Object.entries(values))
    if (!announced.has(name))
      fields.push({
        name,
        label: name,
        tooltip: announcement ? 'not announced by the plugin' : undefined,
        required: false,
        kind: v.kind,
        defaultText: '',
      });
  return fields;
}

/** The text a field shows: the value set, else the announced default. */
export function fieldText(field: ParamField, values: Readonly<Record<string, ParamValue>>): string {
  return values[field.name]?.text ?? field.defaultText;
}

/** A map line that is not `key=value`, or a required parameter left empty, as a message; undefined when fine. */
export function paramsError(
  fields: readonly ParamField[],
  values: Readonly<Record<string, ParamValue>>,
): string | undefined {
  for (const f of fields) {
    const text = fieldText(f, values);
    if (f.required && lines(text).length === 0) return `Plugin parameter ${f.label} is required`;
    const bad = f.kind === 'map' ? lines(text).find((l) => l.indexOf('=') <= 0) : undefined;
    if (bad) return `Plugin parameter ${f.label}: "${bad}" is not key=value`;
  }
  return undefined;
}

/** The values set, as `source.plugin.parameters` (the app's order, then new ones as they were set). */
export function parametersFromValues(values: Readonly<Record<string, ParamValue>>): PluginParameter[] {
  return Object.entries(values).map(([name, { kind, text }]) => {
    if (kind === 'array') return { name, array: lines(text) };
    if (kind === 'map')
      return {
        name,
        map: Object.fromEntries(
          lines(text).flatMap((l) => {
            const i = l.indexOf('=');
            return i > 0 ? [[l.slice(0, i).trim(), l.slice(i + 1).trim()] as const] : [];
          }),
        ),
      };
    return { name, string: text };
  });
}
