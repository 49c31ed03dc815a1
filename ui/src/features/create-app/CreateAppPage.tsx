// Create an application: the form, the source type detected from the repo path, inline errors, then the app.
import { useEffect, useState } from 'react';
import { errorText } from '../../api/errors.ts';
import { useRouter } from '../../app/router.tsx';
import { ErrorState } from '../../components/States.tsx';
import {
  guessSourceType,
  validateAppForm,
  type AppFormValues,
  type FieldErrors,
} from '../../lib/app-validation.ts';
import { useApi } from '../../state/session.tsx';
import { useCan } from '../../state/use-can.ts';
import { AppFormFields } from '../app-form/AppFormFields.tsx';
import { appFromValues } from '../app-form/form-values.ts';
import { useFormChoices } from '../app-form/use-form-choices.ts';

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

/** Asks the server what the path holds; falls back to a guess from the path's name, and says so. */
function useSourceType(repoURL: string, path: string): { type: string; guessed: boolean } | undefined {
  const api = useApi();
  const [result, setResult] = useState<{ type: string; guessed: boolean }>();
  useEffect(() => {
    if (!repoURL || !path) return setResult(undefined);
    let live = true;
    const t = setTimeout(() => {
      api
        .appDetails({ repoURL, path, targetRevision: 'HEAD' })
        .then((d) => live && setResult({ type: d.type, guessed: false }))
        .catch(() => live && setResult({ type: guessSourceType(path), guessed: true }));
    }, 400);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [api, repoURL, path]);
  return result;
}

export default function CreateAppPage() {
  const api = useApi();
  const { navigate } = useRouter();
  const choices = useFormChoices();
  const canCreate = useCan('applications', 'create', '*/*');
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const detected = useSourceType(values.repoURL, values.path);

  if (canCreate.allowed === false)
    return <ErrorState title="You cannot create applications" message={canCreate.reason} />;
  const submit = async () => {
    const e = validateAppForm(values);
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    try {
      await api.createApplication(appFromValues(values));
      navigate(`/applications/${encodeURIComponent(values.name)}`);
    } catch (err) {
      setServerError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <div className="page page-narrow">
      <h1>New application</h1>
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
            The server refused to create it: {serverError}
          </p>
        )}
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
