// OCI chart repositories as Argo CD names them: `oci://host/path`, or `host/path` with enableOCI.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeRepoURL } from '../git/index.js';
import { chartRepoHost, isOciRepoURL, ociRepo } from './helm-registry.js';

describe('OCI chart repositories', () => {
  it('knows an OCI registry by oci:// or by a URL without scheme', () => {
    assert.equal(isOciRepoURL('oci://ghcr.io/org/charts'), true);
    assert.equal(isOciRepoURL('registry-1.docker.io/bitnamicharts'), true);
    assert.equal(isOciRepoURL('127.0.0.1:5000/charts', { enableOCI: true }), true);
    assert.equal(isOciRepoURL('https://charts.example.com'), false);
    assert.equal(isOciRepoURL('https://charts.example.com', { enableOCI: true }), false);
    assert.equal(isOciRepoURL('git@github.com:org/charts.git'), false);
  });
  it('splits the host (for login) from the reference (for pull)', () => {
    assert.deepEqual(ociRepo('127.0.0.1:5000/charts/'), {
      host: '127.0.0.1:5000',
      base: 'oci://127.0.0.1:5000/charts',
    });
    assert.deepEqual(ociRepo('oci://ghcr.io/org'), { host: 'ghcr.io', base: 'oci://ghcr.io/org' });
  });
  it('looks CA certificates up by host name without port', () => {
    assert.equal(chartRepoHost('127.0.0.1:5000/charts'), '127.0.0.1');
    assert.equal(chartRepoHost('oci://ghcr.io/org'), 'ghcr.io');
    assert.equal(chartRepoHost('https://user@charts.example.com:8443/x'), 'charts.example.com');
  });
  it('matches a repository Secret written with or without oci://', () => {
    assert.equal(
      normalizeRepoURL('oci://Registry.example.com/charts'),
      normalizeRepoURL('registry.example.com/charts'),
    );
  });
});
