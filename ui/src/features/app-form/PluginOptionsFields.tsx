// A config management plugin's options: its name, ARGOCD_ENV_ variables, and one field per parameter it
// announces (string: a line; array: an item a line; map: key=value a line), prefilled with its default.
import type { ParameterAnnouncement } from '../../api/types.ts';
import { fieldText, paramFields } from './plugin-params.ts';
import type { SourceOptionValues } from './source-options.ts';

interface Props {
  options: SourceOptionValues;
  onChange: (patch: Partial<SourceOptionValues>) => void;
  disabled?: boolean | undefined;
  /** What the plugin announces (undefined: not known yet); `error`: why it could not be read. */
  announcement?: { plugin?: string | undefined; parameters: readonly ParameterAnnouncement[] } | undefined;
  error?: string | undefined;
}

export function PluginOptionsFields({ options: o, onChange, disabled, announcement, error }: Props) {
  const fields = paramFields(announcement?.parameters, o.pluginParams);
  return (
    <>
      <div className="field-row">
        <div className="field">
          <label htmlFor="so-pluginName">Plugin name</label>
          <input
            id="so-pluginName"
            value={o.pluginName}
            disabled={disabled}
            placeholder={announcement?.plugin ?? ''}
            onChange={(e) => onChange({ pluginName: e.target.value })}
          />
          <span className="field-hint">
            {announcement?.plugin && !o.pluginName
              ? `Empty: discovered from the files (${announcement.plugin})`
              : 'Empty: discovered from the files'}
          </span>
        </div>
        <div className="field">
          <label htmlFor="so-pluginEnv">Environment</label>
          <textarea
            id="so-pluginEnv"
            rows={2}
            spellCheck={false}
            value={o.pluginEnv}
            disabled={disabled}
            onChange={(e) => onChange({ pluginEnv: e.target.value })}
          />
          <span className="field-hint">NAME=value a line; the plugin sees ARGOCD_ENV_NAME</span>
        </div>
      </div>
      <fieldset className="form-section" aria-label="Plugin parameters">
        <legend>Plugin parameters</legend>
        {error && (
          <p className="notice notice-error" role="alert">
            The plugin’s parameters cannot be read: {error}
          </p>
        )}
        {!error && !announcement && !disabled && <p className="muted">Reading the plugin’s parameters…</p>}
        {announcement && fields.length === 0 && <p className="muted">The plugin announces no parameters.</p>}
        {fields.map((f) => {
          const id = `so-param-${f.name}`;
          const text = fieldText(f, o.pluginParams);
          const set = (value: string) =>
            onChange({ pluginParams: { ...o.pluginParams, [f.name]: { kind: f.kind, text: value } } });
          const hint = [
            f.tooltip,
            f.kind === 'array' ? 'one item a line' : f.kind === 'map' ? 'key=value a line' : undefined,
          ]
            .filter(Boolean)
            .join(' · ');
          return (
            <div className="field" key={f.name}>
              <label htmlFor={id}>
                {f.label}
                {f.required ? ' *' : ''}
              </label>
              {f.kind === 'string' ? (
                <input id={id} value={text} disabled={disabled} onChange={(e) => set(e.target.value)} />
              ) : (
                <textarea
                  id={id}
                  rows={Math.max(2, text.split('\n').length)}
                  spellCheck={false}
                  value={text}
                  disabled={disabled}
                  onChange={(e) => set(e.target.value)}
                />
              )}
              {hint && <span className="field-hint">{hint}</span>}
            </div>
          );
        })}
      </fieldset>
    </>
  );
}
