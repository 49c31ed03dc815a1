import { describe, expect, it } from 'vitest';
import type { ApplicationSource, ParameterAnnouncement } from '../../api/types.ts';
import {
  fieldText,
  paramFields,
  paramsError,
  paramValuesFromSource,
  parametersFromValues,
} from './plugin-params.ts';
import {
  applyOptions,
  detailsRequest,
  EMPTY_OPTIONS,
  optionsError,
  optionsFromSource,
} from './source-options.ts';

const announced: ParameterAnnouncement[] = [
  { name: 'region', title: 'Region', required: true, string: 'eu', tooltip: 'where it runs' },
  { name: 'files', collectionType: 'array', array: ['a.yaml'] },
  { name: 'replicas', collectionType: 'map', map: { api: '1', worker: '2' } },
  { name: 'flags', array: ['x'] },
];
const base: ApplicationSource = { repoURL: 'https://git.example/r.git', path: 'app', targetRevision: 'HEAD' };

describe('plugin parameters in the form', () => {
  it('shows announced parameters with their defaults as text, then the app’s unannounced ones', () => {
    const values = paramValuesFromSource([
      { name: 'region', string: 'us' },
      { name: 'legacy', map: { a: 'b' } },
    ]);
    const fields = paramFields(announced, values);
    expect(fields.map((f) => [f.name, f.label, f.kind, f.required])).toEqual([
      ['region', 'Region', 'string', true],
      ['files', 'files', 'array', false],
      ['replicas', 'replicas', 'map', false],
      ['flags', 'flags', 'array', false],
      ['legacy', 'legacy', 'map', false],
    ]);
    expect(fields.map((f) => fieldText(f, values))).toEqual(['us', 'a.yaml', 'api=1\nworker=2', 'x', 'a=b']);
    expect(fields[4]?.tooltip).toBe('not announced by the plugin');
    expect(paramFields(undefined, values)[1]?.tooltip).toBeUndefined();
  });

  it('writes only the values set, as string, array and map, in the app’s order', () => {
    expect(
      parametersFromValues({
        region: { kind: 'string', text: 'us' },
        files: { kind: 'array', text: 'a.yaml\n\n b.yaml ' },
        replicas: { kind: 'map', text: 'api=3\n worker = 4\n' },
      }),
    ).toEqual([
      { name: 'region', string: 'us' },
      { name: 'files', array: ['a.yaml', 'b.yaml'] },
      { name: 'replicas', map: { api: '3', worker: '4' } },
    ]);
  });

  it('refuses a required parameter left empty and a map line that is not key=value', () => {
    const fields = paramFields(announced, {});
    expect(paramsError(fields, {})).toBeUndefined();
    expect(paramsError(fields, { region: { kind: 'string', text: ' ' } })).toBe(
      'Plugin parameter Region is required',
    );
    expect(paramsError(fields, { replicas: { kind: 'map', text: 'api=1\noops' } })).toBe(
      'Plugin parameter replicas: "oops" is not key=value',
    );
  });
});

describe('plugin source options', () => {
  it('reads a plugin source and writes it back unchanged, keeping fields the form lacks', () => {
    const src: ApplicationSource = {
      ...base,
      plugin: {
        name: 'templater',
        env: [{ name: 'STAGE', value: 'prod' }],
        parameters: [
          { name: 'region', string: 'us' },
          { name: 'files', array: ['a', 'b'] },
          { name: 'replicas', map: { api: '2' } },
        ],
      },
    };
    const o = optionsFromSource(src);
    expect(o.kind).toBe('Plugin');
    expect([o.pluginName, o.pluginEnv]).toEqual(['templater', 'STAGE=prod']);
    expect(applyOptions(src, o)).toEqual(src);
  });

  it('sets a parameter from the form, drops the other kinds’ options, and keeps discovery as an empty block', () => {
    const o = {
      ...EMPTY_OPTIONS,
      kind: 'Plugin' as const,
      pluginParams: { region: { kind: 'string' as const, text: 'ap' } },
    };
    expect(applyOptions({ ...base, helm: { releaseName: 'x' } }, o)).toEqual({
      ...base,
      plugin: { parameters: [{ name: 'region', string: 'ap' }] },
    });
    expect(applyOptions(base, { ...EMPTY_OPTIONS, kind: 'Plugin' })).toEqual({ ...base, plugin: {} });
    const cleared = { region: { kind: 'string' as const, text: '' } };
    expect(optionsError({ ...EMPTY_OPTIONS, kind: 'Plugin', pluginParams: cleared }, announced)).toBe(
      'Plugin parameter Region is required',
    );
    expect(optionsError({ ...EMPTY_OPTIONS, kind: 'Plugin', pluginEnv: 'NOVALUE' })).toBe(
      'Plugin environment: "NOVALUE" is not name=value',
    );
  });

  it('asks the server about the plugin by name and env only, and about other kinds by path only', () => {
    const o = {
      ...EMPTY_OPTIONS,
      kind: 'Plugin' as const,
      pluginName: 'p',
      pluginEnv: 'A=1',
      pluginParams: { x: { kind: 'string' as const, text: 'y' } },
    };
    expect(detailsRequest(base, o)).toEqual({
      ...base,
      plugin: { name: 'p', env: [{ name: 'A', value: '1' }] },
    });
    expect(
      detailsRequest({ ...base, helm: { releaseName: 'r' } }, { ...EMPTY_OPTIONS, kind: 'Helm' }),
    ).toEqual(base);
  });
});
