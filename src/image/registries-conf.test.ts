import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitFor, parseRegistriesConf, registryFor } from './registries-conf.js';
import { parseImageRef } from './image-ref.js';

const conf = `registries:
- name: Docker Hub
  api_url: https://registry-1.docker.io
  prefix: docker.io
  credentials: env:DOCKER_HUB_CREDS
  default: true
- name: team
  prefix: registry.example.com/team
  credentials: pullsecret:argocd/team
- name: all of example
  api_url: https://registry.example.com
  credentials: ext:/scripts/creds.sh
`;

test('registries.conf: the longest matching prefix wins, the default entry takes the rest', () => {
  const e = parseRegistriesConf(conf);
  const pick = (ref: string) => registryFor(e, parseImageRef(ref))?.credentials;
  assert.equal(pick('registry.example.com/team/api:v1'), 'pullsecret:argocd/team');
  assert.equal(pick('registry.example.com/other/api'), 'ext:/scripts/creds.sh');
  assert.equal(pick('registry.example.com/teamx/api'), 'ext:/scripts/creds.sh');
  assert.equal(pick('nginx:1.27'), 'env:DOCKER_HUB_CREDS');
  assert.equal(pick('quay.io/x/y'), 'env:DOCKER_HUB_CREDS');
  assert.equal(registryFor(e.slice(1), parseImageRef('quay.io/x/y')), undefined);
});

test('registries.conf: empty is no entries; malformed text and entries without a prefix are errors', () => {
  assert.deepEqual(parseRegistriesConf(undefined), []);
  assert.deepEqual(parseRegistriesConf('  '), []);
  assert.throws(() => parseRegistriesConf('registries: {'), /not YAML/);
  assert.throws(() => parseRegistriesConf('foo: 1'), /no `registries:` list/);
  assert.throws(() => parseRegistriesConf('registries:\n- name: x\n'), /neither prefix nor api_url/);
});

test('registries.conf: `limit` is requests per second per registry host; the lowest of its entries; bad values are errors', () => {
  const e = parseRegistriesConf(
    `registries:\n- prefix: reg.example.com:5000/a\n  limit: 5\n- prefix: reg.example.com:5000/b\n  limit: 2.5\n- prefix: other.example.com\n`,
  );
  assert.equal(limitFor(e, 'reg.example.com:5000'), 2.5);
  assert.equal(limitFor(e, 'other.example.com'), undefined);
  assert.equal(limitFor(e, 'reg.example.com'), undefined);
  assert.throws(() => parseRegistriesConf('registries:\n- prefix: x\n  limit: 0\n'), /limit 0/);
  assert.throws(() => parseRegistriesConf('registries:\n- prefix: x\n  limit: fast\n'), /has limit fast/);
});
