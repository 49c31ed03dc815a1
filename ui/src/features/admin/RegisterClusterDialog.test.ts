import { describe, expect, it } from 'vitest';
import { clusterInput } from './RegisterClusterDialog.tsx';

const base = {
  name: '',
  server: '',
  bearerToken: '',
  caPem: '',
  insecure: false,
  namespaces: '',
  project: '',
};

describe('clusterInput', () => {
  it('sends the token, the CA as base64 of its PEM, namespaces and project', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    expect(
      clusterInput({
        ...base,
        name: ' prod ',
        server: 'https://10.0.0.1:6443 ',
        bearerToken: 'tok',
        caPem: pem,
        namespaces: 'web, db,',
        project: 'team',
      }),
    ).toEqual({
      server: 'https://10.0.0.1:6443',
      name: 'prod',
      config: { bearerToken: 'tok', tlsClientConfig: { caData: btoa(`${pem}\n`) } },
      namespaces: ['web', 'db'],
      project: 'team',
    });
  });

  it('names the cluster by its URL when no name is given, and leaves out what is empty', () => {
    expect(clusterInput({ ...base, server: 'https://k:6443', insecure: true })).toEqual({
      server: 'https://k:6443',
      name: 'https://k:6443',
      config: { tlsClientConfig: { insecure: true } },
    });
  });
});
