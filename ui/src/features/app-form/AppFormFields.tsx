// The fields of an application (source, destination, sync policy), with inline errors. Used by create and edit.
import type { ReactNode } from 'react';
import type { ApplicationSource } from '../../api/types.ts';
import type { AppFormValues, FieldErrors } from '../../lib/app-validation.ts';
import type { SourceOptionValues } from './source-options.ts';
import { SourceOptionsFields } from './SourceOptionsFields.tsx';
import { SourcesList } from './SourcesList.tsx';
import type { SourceDetails } from './use-source-details.ts';

interface Props {
  values: AppFormValues;
  errors: FieldErrors;
  onChange: (patch: Partial<AppFormValues>) => void;
  projects: string[];
  clusters: { name: string; server: string }[];
  nameLocked?: boolean;
  sourceHint?: ReactNode;
  disabled?: boolean;
  /** The source's type options (directory, Helm, Kustomize, plugin) and what the server read at its path. */
  options?: SourceOptionValues | undefined;
  onOptionsChange?: (patch: Partial<SourceOptionValues>) => void;
  details?: SourceDetails | undefined;
  /** A multi-source app's sources: listed instead of the single-source fields. */
  sources?: readonly ApplicationSource[] | undefined;
}

function Field(p: {
  id: keyof AppFormValues;
  label: string;
  errors: FieldErrors;
  hint?: ReactNode;
  children: ReactNode;
}) {
  const err = p.errors[p.id];
  return (
    <div className="field">
      <label htmlFor={`f-${p.id}`}>{p.label}</label>
      {p.children}
      {p.hint && !err && <span className="field-hint">{p.hint}</span>}
      {err && (
        <span className="field-error" id={`f-${p.id}-err`} role="alert">
          {err}
        </span>
      )}
    </div>
  );
}

export function AppFormFields({
  values: v,
  errors,
  onChange,
  projects,
  clusters,
  nameLocked,
  sourceHint,
  disabled,
  options,
  onOptionsChange,
  details,
  sources,
}: Props) {
  const input = (id: keyof AppFormValues, extra: { placeholder?: string; readOnly?: boolean } = {}) => (
    <input
      id={`f-${id}`}
      value={String(v[id])}
      onChange={(e) => onChange({ [id]: e.target.value })}
      aria-invalid={!!errors[id]}
      aria-describedby={errors[id] ? `f-${id}-err` : undefined}
      disabled={disabled}
      {...extra}
    />
  );
  const check = (id: 'automated' | 'prune' | 'selfHeal', label: string) => (
    <label className="check">
      <input
        type="checkbox"
        checked={v[id]}
        disabled={disabled}
        onChange={(e) => onChange({ [id]: e.target.checked })}
      />{' '}
      {label}
    </label>
  );
  return (
    <>
      <fieldset className="form-section">
        <legend>General</legend>
        <div className="field-row">
          <Field id="name" label="Application name" errors={errors}>
            {input('name', { placeholder: 'guestbook', readOnly: !!nameLocked })}
          </Field>
          <Field id="project" label="Project" errors={errors}>
            <select
              id="f-project"
              value={v.project}
              disabled={disabled}
              onChange={(e) => onChange({ project: e.target.value })}
              aria-invalid={!!errors.project}
            >
              <option value="">Choose…</option>
              {projects.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </fieldset>
      {sources?.length ? (
        <SourcesList sources={sources} />
      ) : (
        <fieldset className="form-section">
          <legend>Source</legend>
          <Field id="repoURL" label="Repository URL" errors={errors}>
            {input('repoURL', { placeholder: 'https://github.com/org/repo.git' })}
          </Field>
          <div className="field-row">
            <Field id="path" label="Path" errors={errors} hint={sourceHint}>
              {input('path', { placeholder: 'apps/guestbook' })}
            </Field>
            <Field id="targetRevision" label="Revision" errors={errors}>
              {input('targetRevision', { placeholder: 'HEAD' })}
            </Field>
          </div>
          {options && onOptionsChange && (
            <SourceOptionsFields
              options={options}
              onChange={onOptionsChange}
              disabled={disabled}
              details={details}
            />
          )}
        </fieldset>
      )}
      <fieldset className="form-section">
        <legend>Destination</legend>
        <div className="field-row">
          <Field id="destServer" label="Cluster" errors={errors}>
            <select
              id="f-destServer"
              value={v.destServer}
              disabled={disabled}
              onChange={(e) => onChange({ destServer: e.target.value })}
              aria-invalid={!!errors.destServer}
            >
              <option value="">Choose…</option>
              {clusters.map((c) => (
                <option key={c.server} value={c.server}>
                  {c.name} ({c.server})
                </option>
              ))}
              {v.destServer && !clusters.some((c) => c.server === v.destServer) && (
                <option value={v.destServer}>{v.destServer}</option>
              )}
            </select>
          </Field>
          <Field id="destNamespace" label="Namespace" errors={errors}>
            {input('destNamespace', { placeholder: 'default' })}
          </Field>
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>Sync policy</legend>
        {check('automated', 'Automated sync — apply every new commit')}
        <div className="indent">
          {check('prune', 'Prune resources removed from Git')}
          {check('selfHeal', 'Self-heal — undo changes made in the cluster')}
        </div>
        {errors.automated && (
          <span className="field-error" role="alert">
            {errors.automated}
          </span>
        )}
        <Field
          id="syncOptions"
          label="Sync options"
          errors={errors}
          hint="Comma-separated, e.g. CreateNamespace=true, ServerSideApply=true"
        >
          {input('syncOptions')}
        </Field>
      </fieldset>
    </>
  );
}
