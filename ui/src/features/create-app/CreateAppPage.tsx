// Create an application: the form, the source type detected from the repo path, inline errors, then the app.
import { useEffect, useState } from 'react';
import { errorText } from '../../api/errors.ts';
import { useRouter } from '../../app/router.tsx';
import { ErrorState } from '../../components/States.tsx';
import { validateAppForm, type AppFormValues, type FieldErrors } from '../../lib/app-validation.ts';
import { useApi } from '../../state/session.tsx';
import { useCan } from '../../state/use-can.ts';
import type { Application } from '../../api/types.ts';
import { AppFormFields } from '../app-form/AppFormFields.tsx';
import { appFromYaml, appToYaml } from '../app-form/app-yaml.ts';
import { appFromValues, valuesFromApp } from '../app-form/form-values.ts';
import {
  detailsRequest,
  EMPTY_OPTIONS,
  optionsError,
  optionsFromSource,
  type SourceOptionValues,
} from '../app-form/source-options.ts';
import { useFormChoices } from '../app-form/use-form-choices.ts';
import { useSourceDetails } from '../app-form/use-source-details.ts';

const initial: AppFormValues = {
  name: '',
  project: 'default',
  repoURL: '',
  path: '',
  targetRevision: 'HEAD',
  destServer: 'https://kubernetes.default.svc',
  destNamespace: '',
  automated: false,
  prune: false,
  selfHeal: false,
  syncOptions: 'CreateNamespace=true',
};

export default function CreateAppPage() {
  const api = useApi();
  const { navigate } = useRouter();
  const choices = useFormChoices();
  const canCreate = useCan('applications', 'create', '*/*');
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [options, setOptions] = useState<SourceOptionValues>(EMPTY_OPTIONS);
  // The options' type follows what the server detects until the user picks one.
  const [kindPicked, setKindPicked] = useState(false);
  // "Edit as YAML": the text, and the app it last parsed to (fields the form lacks survive a switch back).
  const [yaml, setYaml] = useState<string>();
  const [base, setBase] = useState<Application>();
  const { repoURL, path, targetRevision } = values;
  const detected = useSourceDetails(
    repoURL && path
      ? detailsRequest({ repoURL, path, targetRevision: targetRevision || 'HEAD' }, options)
      : undefined,
    {
      ...(values.name ? { appName: values.name } : {}),
      ...(values.project ? { appProject: values.project } : {}),
    },
  );
  useEffect(() => {
    const t = detected?.type;
    if (!kindPicked && (t === 'Helm' || t === 'Kustomize' || t === 'Directory' || t === 'Plugin'))
      setOptions((o) => ({ ...o, kind: t }));
  }, [detected, kindPicked]);

  if (canCreate.allowed === false)
    return <ErrorState title="You cannot create applications" message={canCreate.reason} />;
  const toYamlMode = () => {
    setServerError(undefined);
    setYaml(appToYaml(appFromValues(values, base, options)));
  };
  const toFormMode = () => {
    const parsed = appFromYaml(yaml ?? '');
    if ('error' in parsed) return setServerError(parsed.error);
    setServerError(undefined);
    setBase(parsed.app);
    setValues(valuesFromApp(parsed.app));
    setOptions(optionsFromSource(parsed.app.spec.source ?? parsed.app.spec.sources?.[0]));
    setKindPicked(true);
    setYaml(undefined);
  };
  const create = async (app: Application) => {
    setBusy(true);
    try {
      await api.createApplication(app);
      navigate(`/applications/${encodeURIComponent(app.metadata.name)}`);
    } catch (err) {
      setServerError(errorText(err));
      setBusy(false);
    }
  };
  const submit = async () => {
    if (yaml !== undefined) {
      const parsed = appFromYaml(yaml);
      if ('error' in parsed) return setServerError(parsed.error);
      return create(parsed.app);
    }
    const e = validateAppForm(values);
    setErrors(e);
    const bad = optionsError(options, detected?.plugin?.parametersAnnouncement);
    setServerError(bad);
    if (Object.keys(e).length || bad) return;
    await create(appFromValues(values, base, options));
  };
  return (
    <div className="page page-narrow">
      <div className="section-bar">
        <h1>New application</h1>
        <button type="button" className="btn" onClick={yaml === undefined ? toYamlMode : toFormMode}>
          {yaml === undefined ? 'Edit as YAML' : 'Back to the form'}
        </button>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
        aria-label="New application"
      >
        {serverError && (
          <p className="notice notice-error" role="alert">
            The application cannot be created: {serverError}
          </p>
        )}
        {yaml !== undefined ? (
          <div className="field">
            <label htmlFor="app-yaml">Application YAML</label>
            <textarea
              id="app-yaml"
              className="yaml-editor"
              rows={24}
              spellCheck={false}
              value={yaml}
              onChange={(e) => setYaml(e.target.value)}
            />
          </div>
        ) : (
          <AppFormFields
            values={values}
            errors={errors}
            projects={choices.projects}
            clusters={choices.clusters}
            onChange={(p) => {
              const next = { ...values, ...p };
              setValues(next);
              if (Object.keys(errors).length) setErrors(validateAppForm(next));
            }}
            options={options}
            onOptionsChange={(p) => {
              if (p.kind) setKindPicked(true);
              setOptions((o) => ({ ...o, ...p }));
            }}
            details={detected}
            sourceHint={
              detected ? (
                <>
                  Detected source type: <strong>{detected.type}</strong>
                  {detected.guessed ? ' (guessed from the path)' : ''}
                </>
              ) : (
                'The source type is detected from the path.'
              )
            }
          />
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => navigate('/applications')}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create'}
          </button>
        </div>
      </form>
    </div>
  );
}
