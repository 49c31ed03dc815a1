// Create or edit a project: general, sources and destinations, kind allow/deny lists, roles (tokens), sync windows.
import { useEffect, useState } from 'react';
import { errorText } from '../../api/errors.ts';
import type { AppProject } from '../../api/types.ts';
import { useRouter } from '../../app/router.tsx';
import { ConfirmFooter, Dialog } from '../../components/Dialog.tsx';
import { GuardedButton } from '../../components/Guarded.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { useCan } from '../../state/use-can.ts';
import { projectErrors, projectSpec, projectValues, type ProjectValues } from './project-form.ts';
import { ProjectRoles } from './ProjectRoles.tsx';
import { SyncWindowsFields } from './SyncWindowsFields.tsx';

type TextKey =
  | 'description'
  | 'sourceRepos'
  | 'destinations'
  | 'clusterAllow'
  | 'clusterDeny'
  | 'namespaceAllow'
  | 'namespaceDeny';

export function ProjectEditPage({ name }: { name: string | undefined }) {
  const api = useApi();
  const { navigate } = useRouter();
  const loaded = useAsync(
    () => (name ? api.project(name) : Promise.resolve(undefined)),
    `project|${name ?? ''}`,
  );
  const [values, setValues] = useState<ProjectValues>(projectValues(undefined));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();
  const canSave = useCan('projects', name ? 'update' : 'create', name ?? '*');
  const canDelete = useCan('projects', 'delete', name ?? '*');
  const live: AppProject | undefined = loaded.data;
  useEffect(() => {
    if (!live) return;
    // First load: the whole form; later loads (a token issued or revoked): only the roles' token lists.
    setValues((old) => {
      if (old.name !== live.metadata.name) return projectValues(live);
      const tokens = new Map((live.spec.roles ?? []).map((r) => [r.name, r.jwtTokens]));
      return { ...old, roles: old.roles.map((r) => ({ ...r, jwtTokens: tokens.get(r.name) })) };
    });
  }, [live]);
  if (name && loaded.error)
    return <ErrorState title={`Cannot show project ${name}`} message={loaded.error} />;
  if (name && !live) return <Loading what={`project ${name}`} />;

  const change = (patch: Partial<ProjectValues>) => {
    const next = { ...values, ...patch };
    setValues(next);
    setSaved(undefined);
    if (Object.keys(errors).length) setErrors(projectErrors(next));
  };
  const submit = async () => {
    const e = projectErrors(values);
    setErrors(e);
    if (Object.keys(e).length) return;
    setServerError(undefined);
    try {
      // Tokens are issued on the server: take the role's token list from the latest project, not the form.
      const latest = name ? await api.project(name) : undefined;
      const tokens = new Map((latest?.spec.roles ?? []).map((r) => [r.name, r.jwtTokens]));
      const v = {
        ...values,
        roles: values.roles.map((r) => ({ ...r, jwtTokens: tokens.get(r.name.trim()) })),
      };
      const project: AppProject = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: values.name },
        spec: projectSpec(v, latest?.spec),
      };
      const out = name ? await api.updateProject(project) : await api.createProject(project);
      setSaved(`Saved project ${out.metadata.name}`);
      if (name) loaded.reload();
      else navigate(`/settings/projects/${encodeURIComponent(out.metadata.name)}`, { replace: true });
    } catch (err) {
      setServerError(errorText(err));
    }
  };
  const remove = async () => {
    try {
      await api.deleteProject(name ?? '');
      navigate('/settings/projects');
    } catch (e) {
      setDeleteError(errorText(e));
    }
  };
  const area = (key: TextKey, label: string, hint: string, rows = 3) => (
    <div className="field">
      <label htmlFor={`p-${key}`}>{label}</label>
      <textarea
        id={`p-${key}`}
        rows={rows}
        spellCheck={false}
        value={values[key]}
        onChange={(e) => change({ [key]: e.target.value })}
      />
      <span className="field-hint">{hint}</span>
    </div>
  );
  return (
    <div className="page page-narrow">
      <div className="section-bar">
        <h1>{name ? `Project ${name}` : 'New project'}</h1>
        {name && (
          <GuardedButton perm={canDelete} className="btn-danger" onClick={() => setDeleting(true)}>
            Delete project
          </GuardedButton>
        )}
      </div>
      <form
        aria-label={name ? `Project ${name}` : 'New project'}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {serverError && (
          <p className="notice notice-error" role="alert">
            The server refused the project: {serverError}
          </p>
        )}
        {saved && (
          <p className="notice notice-info" role="status">
            {saved}
          </p>
        )}
        <fieldset className="form-section">
          <legend>General</legend>
          <div className="field">
            <label htmlFor="p-name">Project name</label>
            <input
              id="p-name"
              value={values.name}
              readOnly={!!name}
              aria-invalid={!!errors['name']}
              aria-describedby={errors['name'] ? 'p-name-err' : undefined}
              onChange={(e) => change({ name: e.target.value })}
            />
            {errors['name'] && (
              <span className="field-error" id="p-name-err" role="alert">
                {errors['name']}
              </span>
            )}
          </div>
          {area('description', 'Description', 'What the project is for.', 1)}
        </fieldset>
        <fieldset className="form-section">
          <legend>Sources and destinations</legend>
          {area('sourceRepos', 'Source repositories', 'One repository URL (or glob, * for any) a line.')}
          {area(
            'destinations',
            'Destinations',
            'One a line: <server URL or cluster name> <namespace>, e.g. https://kubernetes.default.svc team-*',
          )}
        </fieldset>
        <fieldset className="form-section">
          <legend>Kinds</legend>
          <div className="field-row">
            {area(
              'clusterAllow',
              'Cluster-scoped kinds allowed',
              'group/Kind a line (Namespace for the core group); empty allows none.',
            )}
            {area('clusterDeny', 'Cluster-scoped kinds denied', 'group/Kind a line.')}
          </div>
          <div className="field-row">
            {area('namespaceAllow', 'Namespaced kinds allowed', 'group/Kind a line; empty allows all.')}
            {area(
              'namespaceDeny',
              'Namespaced kinds denied',
              'group/Kind a line, e.g. networking.k8s.io/NetworkPolicy',
            )}
          </div>
        </fieldset>
        <ProjectRoles
          project={values.name}
          roles={values.roles}
          saved={(live?.spec.roles ?? []).map((r) => r.name)}
          errors={errors}
          onChange={(roles) => change({ roles })}
          onTokensChanged={loaded.reload}
        />
        <SyncWindowsFields
          windows={values.syncWindows}
          errors={errors}
          onChange={(syncWindows) => change({ syncWindows })}
        />
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => navigate('/settings/projects')}>
            Back to projects
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={canSave.allowed === false}
            title={canSave.allowed === false ? canSave.reason : undefined}
          >
            {name ? 'Save project' : 'Create project'}
          </button>
        </div>
      </form>
      {deleting && (
        <Dialog
          title={`Delete project ${name ?? ''}?`}
          onClose={() => setDeleting(false)}
          footer={
            <ConfirmFooter
              error={deleteError}
              onCancel={() => setDeleting(false)}
              onConfirm={() => void remove()}
              tone="danger"
            >
              Delete
            </ConfirmFooter>
          }
        >
          <p>Its roles and their tokens stop working. A project that applications use cannot be deleted.</p>
        </Dialog>
      )}
    </div>
  );
}
