// "Connect repository": URL and credentials (HTTPS or SSH); the server tests the connection before
// it stores anything, and a refusal shows git's reason here.
import { useState } from 'react';
import type { Repository, RepositoryInput } from '../../api/types.ts';
import { ConfirmFooter, Dialog } from '../../components/Dialog.tsx';
import { useApi } from '../../state/session.tsx';
import { useSubmit } from '../../state/use-submit.ts';

type Method = 'https' | 'ssh';

interface Values {
  method: Method;
  type: 'git' | 'helm';
  repo: string;
  name: string;
  project: string;
  username: string;
  password: string;
  sshPrivateKey: string;
  insecure: boolean;
}

const EMPTY: Values = {
  method: 'https',
  type: 'git',
  repo: '',
  name: '',
  project: '',
  username: '',
  password: '',
  sshPrivateKey: '',
  insecure: false,
};

/** The request for these values: only the fields of the chosen method, empty ones left out. */
export function repositoryInput(v: Values): RepositoryInput {
  const out: RepositoryInput = { repo: v.repo.trim(), type: v.type };
  if (v.name.trim()) out.name = v.name.trim();
  if (v.project.trim()) out.project = v.project.trim();
  if (v.method === 'https') {
    if (v.username) out.username = v.username;
    if (v.password) out.password = v.password;
  } else if (v.sshPrivateKey.trim()) out.sshPrivateKey = v.sshPrivateKey;
  if (v.insecure) out.insecure = true;
  return out;
}

export function ConnectRepoDialog({
  onClose,
  onConnected,
  template = false,
}: {
  onClose: () => void;
  onConnected: (r: Repository) => void;
  /** A credential template (a URL prefix, stored without a connection test) instead of one repository. */
  template?: boolean;
}) {
  const api = useApi();
  const [v, setV] = useState<Values>(EMPTY);
  const set = (p: Partial<Values>) => setV((old) => ({ ...old, ...p }));
  const { busy, error, submit } = useSubmit(async () => {
    const input = repositoryInput(v);
    onConnected(
      template
        ? { ...(await api.createRepoCreds(input)), repo: input.repo }
        : await api.createRepository(input),
    );
  });
  const text = (id: keyof Values, label: string, opts: { type?: string; placeholder?: string } = {}) => (
    <div className="field">
      <label htmlFor={`repo-${id}`}>{label}</label>
      <input
        id={`repo-${id}`}
        type={opts.type ?? 'text'}
        placeholder={opts.placeholder}
        value={v[id] as string}
        autoComplete="off"
        onChange={(e) => set({ [id]: e.target.value })}
      />
    </div>
  );
  return (
    <Dialog
      title={template ? 'Add credential template' : 'Connect repository'}
      onClose={onClose}
      footer={
        <ConfirmFooter
          error={error}
          onCancel={onClose}
          onConfirm={() => void submit()}
          disabled={busy || !v.repo.trim()}
          tone="primary"
        >
          {busy ? 'Saving…' : template ? 'Add template' : 'Connect'}
        </ConfirmFooter>
      }
    >
      <div className="field-row">
        <div className="field">
          <label htmlFor="repo-method">Connection method</label>
          <select
            id="repo-method"
            value={v.method}
            onChange={(e) => set({ method: e.target.value as Method })}
          >
            <option value="https">HTTPS</option>
            <option value="ssh">SSH</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="repo-type">Type</label>
          <select
            id="repo-type"
            value={v.type}
            onChange={(e) => set({ type: e.target.value as Values['type'] })}
          >
            <option value="git">git</option>
            <option value="helm">helm</option>
          </select>
        </div>
      </div>
      {text('repo', template ? 'URL prefix' : 'Repository URL', {
        placeholder:
          v.method === 'ssh' ? 'git@git.example.com:org/repo.git' : 'https://git.example.com/org/repo.git',
      })}
      <div className="field-row">
        {text('name', 'Name (optional)')}
        {text('project', 'Project (optional)', { placeholder: 'only this project’s apps may use it' })}
      </div>
      {v.method === 'https' ? (
        <div className="field-row">
          {text('username', 'Username')}
          {text('password', 'Password or token', { type: 'password' })}
        </div>
      ) : (
        <div className="field">
          <label htmlFor="repo-sshPrivateKey">SSH private key</label>
          <textarea
            id="repo-sshPrivateKey"
            rows={5}
            value={v.sshPrivateKey}
            spellCheck={false}
            onChange={(e) => set({ sshPrivateKey: e.target.value })}
          />
        </div>
      )}
      <label className="check">
        <input type="checkbox" checked={v.insecure} onChange={(e) => set({ insecure: e.target.checked })} />{' '}
        Skip server verification (TLS certificate, SSH host key)
      </label>
    </Dialog>
  );
}
