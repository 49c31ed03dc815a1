// "Register cluster": name, API server URL, a bearer token and its CA (or skip verification), namespaces and
// project; the server tests the connection before it stores anything, and a refusal shows why here.
import { useState } from 'react';
import type { Cluster, ClusterInput } from '../../api/types.ts';
import { ConfirmFooter, Dialog } from '../../components/Dialog.tsx';
import { useApi } from '../../state/session.tsx';
import { useSubmit } from '../../state/use-submit.ts';

interface Values {
  name: string;
  server: string;
  bearerToken: string;
  caPem: string;
  insecure: boolean;
  namespaces: string;
  project: string;
}
export const EMPTY_CLUSTER: Values = {
  name: '',
  server: '',
  bearerToken: '',
  caPem: '',
  insecure: false,
  namespaces: '',
  project: '',
};

/** The request for these values (Argo CD's cluster shape: the CA as base64 of its PEM). */
export function clusterInput(v: Values): ClusterInput {
  const namespaces = v.namespaces
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const tls = {
    ...(v.caPem.trim() ? { caData: btoa(v.caPem.trim() + '\n') } : {}),
    ...(v.insecure ? { insecure: true } : {}),
  };
  return {
    server: v.server.trim(),
    name: v.name.trim() || v.server.trim(),
    config: {
      ...(v.bearerToken.trim() ? { bearerToken: v.bearerToken.trim() } : {}),
      ...(Object.keys(tls).length ? { tlsClientConfig: tls } : {}),
    },
    ...(namespaces.length ? { namespaces } : {}),
    ...(v.project.trim() ? { project: v.project.trim() } : {}),
  };
}

export function RegisterClusterDialog({
  onClose,
  onDone,
}: {
  onClose: () => void;
  onDone: (cluster: Cluster) => void;
}) {
  const api = useApi();
  const [v, setV] = useState<Values>(EMPTY_CLUSTER);
  const set = (p: Partial<Values>) => setV((old) => ({ ...old, ...p }));
  const { busy, error, submit } = useSubmit(async () => {
    onDone(await api.createCluster(clusterInput(v)));
  });
  const text = (
    id: Exclude<keyof Values, 'insecure' | 'caPem'>,
    label: string,
    opts: { type?: string; placeholder?: string } = {},
  ) => (
    <div className="field">
      <label htmlFor={`cluster-${id}`}>{label}</label>
      <input
        id={`cluster-${id}`}
        type={opts.type ?? 'text'}
        placeholder={opts.placeholder}
        value={v[id]}
        autoComplete="off"
        onChange={(e) => set({ [id]: e.target.value })}
      />
    </div>
  );
  return (
    <Dialog
      title="Register cluster"
      onClose={onClose}
      footer={
        <ConfirmFooter
          error={error}
          onCancel={onClose}
          onConfirm={() => void submit()}
          disabled={busy || !/^https?:\/\//.test(v.server.trim())}
          tone="primary"
        >
          {busy ? 'Connecting…' : 'Register'}
        </ConfirmFooter>
      }
    >
      <div className="field-row">
        {text('name', 'Cluster name', { placeholder: 'production' })}
        {text('server', 'API server URL', { placeholder: 'https://10.0.0.1:6443' })}
      </div>
      {text('bearerToken', 'Bearer token', { type: 'password' })}
      <div className="field">
        <label htmlFor="cluster-caPem">CA certificate (PEM)</label>
        <textarea
          id="cluster-caPem"
          rows={4}
          spellCheck={false}
          value={v.caPem}
          onChange={(e) => set({ caPem: e.target.value })}
        />
      </div>
      <label className="check">
        <input type="checkbox" checked={v.insecure} onChange={(e) => set({ insecure: e.target.checked })} />{' '}
        Skip TLS verification
      </label>
      <div className="field-row">
        {text('namespaces', 'Namespaces (optional, comma-separated)', { placeholder: 'all namespaces' })}
        {text('project', 'Project (optional)', { placeholder: 'only this project’s apps may use it' })}
      </div>
    </Dialog>
  );
}
