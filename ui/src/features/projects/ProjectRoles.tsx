// The roles of a project: name, policies, groups; tokens issued and revoked for roles already saved.
import { useState } from 'react';
import { errorText } from '../../api/errors.ts';
import { useApi } from '../../state/session.tsx';
import { defaultPolicy, EMPTY_ROLE, type RoleValues } from './project-form.ts';

interface Props {
  project: string;
  roles: RoleValues[];
  /** Names of roles as the server has them: only those can have tokens. */
  saved: string[];
  errors: Record<string, string>;
  onChange: (roles: RoleValues[]) => void;
  /** A token was issued or revoked: the project changed on the server. */
  onTokensChanged: () => void;
}

function TokenControls({
  project,
  role,
  onTokensChanged,
}: {
  project: string;
  role: RoleValues;
  onTokensChanged: () => void;
}) {
  const api = useApi();
  const [issued, setIssued] = useState<string>();
  const [error, setError] = useState<string>();
  const run = async (work: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await work();
      onTokensChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div className="role-tokens">
      <ul className="plain-list" aria-label={`Tokens of role ${role.name}`}>
        {(role.jwtTokens ?? []).map((t) => (
          <li key={`${t.iat}-${t.id ?? ''}`}>
            <code>{t.id ?? t.iat}</code> issued {new Date(t.iat * 1000).toLocaleString()}
            {t.exp ? `, expires ${new Date(t.exp * 1000).toLocaleString()}` : ', no expiry'}{' '}
            <button
              type="button"
              className="btn-link"
              onClick={() => void run(() => api.deleteProjectToken(project, role.name, t))}
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="btn"
        onClick={() =>
          void run(async () => setIssued((await api.createProjectToken(project, role.name)).token))
        }
      >
        Create token
      </button>
      {issued && (
        <div className="field">
          <label htmlFor={`token-${role.name}`}>
            New token of {role.name} (copy it now: it is not shown again)
          </label>
          <input id={`token-${role.name}`} readOnly value={issued} onFocus={(e) => e.target.select()} />
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function ProjectRoles({ project, roles, saved, errors, onChange, onTokensChanged }: Props) {
  const set = (i: number, patch: Partial<RoleValues>) =>
    onChange(roles.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="form-section">
      <legend>Roles</legend>
      {roles.length === 0 && (
        <p className="muted">No roles: only accounts and SSO groups in argocd-rbac-cm act on this project.</p>
      )}
      {roles.map((r, i) => (
        <div key={i} className="sub-card" role="group" aria-label={`Role ${r.name || i + 1}`}>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`role-${i}-name`}>Role name</label>
              <input
                id={`role-${i}-name`}
                value={r.name}
                readOnly={saved.includes(r.name) && !!r.jwtTokens?.length}
                aria-invalid={!!errors[`role-${i}`]}
                onChange={(e) => set(i, { name: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`role-${i}-description`}>Description</label>
              <input
                id={`role-${i}-description`}
                value={r.description}
                onChange={(e) => set(i, { description: e.target.value })}
              />
            </div>
          </div>
          <div className="field">
            <label htmlFor={`role-${i}-policies`}>Policies (one a line)</label>
            <textarea
              id={`role-${i}-policies`}
              rows={3}
              spellCheck={false}
              value={r.policies}
              placeholder={defaultPolicy(project || '<project>', r.name || '<role>')}
              onChange={(e) => set(i, { policies: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`role-${i}-groups`}>SSO groups (comma-separated)</label>
            <input
              id={`role-${i}-groups`}
              value={r.groups}
              onChange={(e) => set(i, { groups: e.target.value })}
            />
          </div>
          {errors[`role-${i}`] && (
            <p className="field-error" role="alert">
              {errors[`role-${i}`]}
            </p>
          )}
          {saved.includes(r.name) ? (
            <TokenControls project={project} role={r} onTokensChanged={onTokensChanged} />
          ) : (
            <p className="field-hint">Save the project to issue tokens for this role.</p>
          )}
          <button
            type="button"
            className="btn-link"
            onClick={() => onChange(roles.filter((_, j) => j !== i))}
          >
            Remove role {r.name}
          </button>
        </div>
      ))}
      <button type="button" className="btn" onClick={() => onChange([...roles, EMPTY_ROLE])}>
        Add role
      </button>
    </fieldset>
  );
}
