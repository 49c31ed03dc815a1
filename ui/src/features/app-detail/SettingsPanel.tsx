// App details and parameters: read-only for viewers; editable, validated inline, for those allowed to update.
import { useEffect, useState } from 'react';
import { errorText } from '../../api/errors.ts';
import type { Application } from '../../api/types.ts';
import { validateAppForm, type AppFormValues, type FieldErrors } from '../../lib/app-validation.ts';
import type { Permission } from '../../state/use-can.ts';
import { useApi } from '../../state/session.tsx';
import { AppFormFields } from '../app-form/AppFormFields.tsx';
import { appFromValues, valuesFromApp } from '../app-form/form-values.ts';
import {
  detailsRequest,
  optionsError,
  optionsFromSource,
  type SourceOptionValues,
} from '../app-form/source-options.ts';
import { useFormChoices } from '../app-form/use-form-choices.ts';
import { useSourceDetails } from '../app-form/use-source-details.ts';

export function SettingsPanel({ app, canUpdate }: { app: Application; canUpdate: Permission }) {
  const api = useApi();
  const choices = useFormChoices();
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<AppFormValues>(() => valuesFromApp(app));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const multi = !app.spec.source && app.spec.sources?.length ? app.spec.sources : undefined;
  const [options, setOptions] = useState<SourceOptionValues>(() => optionsFromSource(app.spec.source));
  useEffect(() => {
    if (editing) return;
    setValues(valuesFromApp(app));
    setOptions(optionsFromSource(app.spec.source));
  }, [app, editing]);
  // A plugin's parameters announcement, read while its options are edited.
  const { repoURL, path, targetRevision } = values;
  const details = useSourceDetails(
    editing && !multi && options.kind === 'Plugin' && repoURL && path
      ? detailsRequest({ repoURL, path, targetRevision: targetRevision || 'HEAD' }, options)
      : undefined,
    { appName: app.metadata.name, appProject: app.spec.project || 'default' },
  );

  const save = async () => {
    const e = validateAppForm(values);
    setErrors(e);
    const bad = multi ? undefined : optionsError(options, details?.plugin?.parametersAnnouncement);
    setServerError(bad);
    if (Object.keys(e).length || bad) return;
    try {
      await api.updateApplication(appFromValues(values, app, multi ? undefined : options));
      setEditing(false);
      setServerError(undefined);
      setSaved(true);
    } catch (err) {
      setServerError(errorText(err));
    }
  };
  return (
    <form
      className="settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      aria-label="Application details"
    >
      <div className="section-bar">
        <h2>Details</h2>
        {!editing && canUpdate.allowed && (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setEditing(true);
              setSaved(false);
            }}
          >
            Edit
          </button>
        )}
        {canUpdate.allowed === false && <span className="muted">🔒 {canUpdate.reason}</span>}
        {saved && (
          <span className="chip chip-info" role="status">
            Saved
          </span>
        )}
      </div>
      {serverError && (
        <p className="notice notice-error" role="alert">
          The change cannot be saved: {serverError}
        </p>
      )}
      <AppFormFields
        values={values}
        errors={errors}
        disabled={!editing}
        nameLocked
        projects={choices.projects}
        clusters={choices.clusters}
        sources={multi}
        options={options}
        details={details}
        onOptionsChange={(p) => setOptions((o) => ({ ...o, ...p }))}
        onChange={(p) => {
          const next = { ...values, ...p };
          setValues(next);
          if (Object.keys(errors).length) setErrors(validateAppForm(next));
        }}
      />
      {editing && (
        <div className="form-actions">
          <button
            type="button"
            className="btn"
            onClick={() => {
              setEditing(false);
              setErrors({});
              setServerError(undefined);
            }}
          >
            Cancel
          </button>
          <button type="submit" className="btn btn-primary">
            Save
          </button>
        </div>
      )}
    </form>
  );
}
