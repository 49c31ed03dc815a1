// The options of a source by type: directory (recurse, include/exclude, Jsonnet TLAs), Helm, Kustomize, plugin.
import type { ReactNode } from 'react';
import { PluginOptionsFields } from './PluginOptionsFields.tsx';
import type { OptionsKind, SourceOptionValues } from './source-options.ts';
import type { SourceDetails } from './use-source-details.ts';

type TextKey = Exclude<keyof SourceOptionValues, 'kind' | 'recurse' | 'pluginParams'>;

interface Props {
  options: SourceOptionValues;
  onChange: (patch: Partial<SourceOptionValues>) => void;
  disabled?: boolean | undefined;
  /** What the server detected at the path, to say so beside the choice (and a plugin's announcement). */
  details?: SourceDetails | undefined;
}

export function SourceOptionsFields({ options: o, onChange, disabled, details }: Props) {
  const detected = details?.type;
  const field = (key: TextKey, label: string, hint?: ReactNode, rows?: number) => (
    <div className="field">
      <label htmlFor={`so-${key}`}>{label}</label>
      {rows ? (
        <textarea
          id={`so-${key}`}
          rows={rows}
          spellCheck={false}
          value={o[key]}
          disabled={disabled}
          onChange={(e) => onChange({ [key]: e.target.value })}
        />
      ) : (
        <input
          id={`so-${key}`}
          value={o[key]}
          disabled={disabled}
          onChange={(e) => onChange({ [key]: e.target.value })}
        />
      )}
      {hint && <span className="field-hint">{hint}</span>}
    </div>
  );
  return (
    <div className="source-options">
      <div className="field">
        <label htmlFor="so-kind">Source type options</label>
        <select
          id="so-kind"
          value={o.kind}
          disabled={disabled}
          onChange={(e) => onChange({ kind: e.target.value as OptionsKind })}
        >
          <option value="Directory">Directory (plain YAML, Jsonnet)</option>
          <option value="Helm">Helm</option>
          <option value="Kustomize">Kustomize</option>
          <option value="Plugin">Config management plugin</option>
        </select>
        {detected && detected !== o.kind && !(detected === 'Jsonnet' && o.kind === 'Directory') && (
          <span className="field-hint">The path holds a {detected} source: these options may not apply.</span>
        )}
      </div>
      {o.kind === 'Directory' && (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={o.recurse}
              disabled={disabled}
              onChange={(e) => onChange({ recurse: e.target.checked })}
            />{' '}
            Recurse into subdirectories
          </label>
          <div className="field-row">
            {field('include', 'Include', 'A glob, e.g. {*.yaml,*.jsonnet}')}
            {field('exclude', 'Exclude', 'A glob, e.g. test/*')}
          </div>
          {field('tlas', 'Jsonnet top-level arguments', 'name=value a line; name:=code for Jsonnet code', 2)}
        </>
      )}
      {o.kind === 'Helm' && (
        <>
          <div className="field-row">
            {field('chart', 'Chart', 'For a Helm repository: the chart name (the revision is its version)')}
            {field('releaseName', 'Release name', 'Defaults to the application name')}
          </div>
          {field('valueFiles', 'Value files', 'One a line, relative to the chart path', 2)}
          {field('values', 'Values (YAML)', 'Merged over the value files', 4)}
          {field('parameters', 'Parameters', 'name=value a line, as helm --set', 2)}
        </>
      )}
      {o.kind === 'Plugin' && (
        <PluginOptionsFields
          options={o}
          onChange={onChange}
          disabled={disabled}
          announcement={
            details?.type === 'Plugin' && !details.guessed
              ? { plugin: details.plugin?.name, parameters: details.plugin?.parametersAnnouncement ?? [] }
              : undefined
          }
          error={details?.error}
        />
      )}
      {o.kind === 'Kustomize' && (
        <>
          {field('images', 'Images', 'One a line, e.g. nginx=nginx:1.27', 2)}
          <div className="field-row">
            {field('namePrefix', 'Name prefix')}
            {field('nameSuffix', 'Name suffix')}
          </div>
          <div className="field-row">
            {field('replicas', 'Replicas', 'name=count a line', 2)}
            {field('commonLabels', 'Common labels', 'key=value a line', 2)}
          </div>
        </>
      )}
    </div>
  );
}
