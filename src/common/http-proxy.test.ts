// Which requests go through a proxy: the repository's proxy and noProxy, else the environment's, as curl/Go read them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bypasses, proxyEnvironment, proxyFor, redactProxy } from './http-proxy.js';

const u = (s: string) => new URL(s);

test('noProxy: hosts, .domains, *.domains, IPs, CIDRs, ports and *', () => {
  const cases: [string, string, boolean][] = [
    ['https://charts.example.com/index.yaml', 'charts.example.com', true],
    ['https://charts.example.com/index.yaml', 'example.com', true],
    ['https://charts.example.com/index.yaml', '.example.com', true],
    ['https://charts.example.com/index.yaml', '*.example.com', true],
    ['https://badexample.com/', 'example.com', false],
    ['https://charts.example.com/', 'other.org, example.com', true],
    ['https://charts.example.com/', 'other.org example.com', true],
    ['https://10.1.2.3:8443/', '10.0.0.0/8', true],
    ['https://11.1.2.3/', '10.0.0.0/8', false],
    ['https://127.0.0.1:9443/', '127.0.0.1', true],
    ['https://127.0.0.1:9443/', '127.0.0.1:9443', true],
    ['https://127.0.0.1:9443/', '127.0.0.1:9000', false],
    ['https://charts.example.com/', 'charts.example.com:443', true],
    ['http://charts.example.com/', 'charts.example.com:443', false],
    ['https://[::1]:9443/', '::1', true],
    ['https://[::1]:9443/', '::1/128', true],
    ['https://anything.test/', '*', true],
    ['https://anything.test/', '', false],
  ];
  for (const [url, noProxy, want] of cases)
    assert.equal(bypasses(u(url), noProxy), want, `${url} vs "${noProxy}"`);
});

test('the repository’s proxy wins over the environment, with its own noProxy only', () => {
  const env = { HTTPS_PROXY: 'http://env-proxy:3128', NO_PROXY: 'charts.example.com' };
  const own = { proxy: 'http://repo-proxy:8080', noProxy: 'internal.example' };
  assert.equal(proxyFor(u('https://charts.example.com/'), own, env)?.host, 'repo-proxy:8080');
  assert.equal(proxyFor(u('https://git.internal.example/'), own, env), undefined);
  assert.equal(proxyFor(u('https://charts.example.com/'), {}, env), undefined, 'NO_PROXY of the environment');
  assert.equal(proxyFor(u('https://other.example/'), {}, env)?.host, 'env-proxy:3128');
  assert.equal(proxyFor(u('http://other.example/'), {}, env), undefined, 'HTTP_PROXY is not set');
  assert.equal(
    proxyFor(u('http://other.example/'), {}, { http_proxy: 'proxy:3128' })?.href,
    'http://proxy:3128/',
  );
  assert.equal(proxyFor(u('https://other.example/'), {}, {}), undefined);
  // The environment's proxy skips this machine's own services; a repository's own proxy does not (as git).
  for (const local of ['https://127.0.0.1:8443/', 'https://localhost/', 'https://[::1]/'])
    assert.equal(proxyFor(u(local), {}, env), undefined, local);
  assert.equal(proxyFor(u('https://127.0.0.1:8443/'), own, env)?.host, 'repo-proxy:8080');
});

test('a proxy that is not http:// or not a URL is refused with a message that hides its password', () => {
  assert.throws(
    () => proxyFor(u('https://charts.example.com/'), { proxy: 'socks5://bob:s3cret@proxy:1080' }, {}),
    (e: Error) => /use an http:\/\/ proxy URL/.test(e.message) && !e.message.includes('s3cret'),
  );
  assert.throws(() => proxyFor(u('https://x.example/'), { proxy: 'http://[bad' }, {}), /is not a URL/);
  assert.equal(redactProxy('http://bob:s3cret@proxy:3128'), 'http://bob:***@proxy:3128');
});

test('a tool (helm pulling from an OCI registry) gets the repository’s proxy and only its noProxy', () => {
  assert.deepEqual(proxyEnvironment({ proxy: 'http://proxy:3128', noProxy: '.internal' }), {
    HTTPS_PROXY: 'http://proxy:3128',
    https_proxy: 'http://proxy:3128',
    HTTP_PROXY: 'http://proxy:3128',
    http_proxy: 'http://proxy:3128',
    NO_PROXY: '.internal',
    no_proxy: '.internal',
  });
  assert.equal(proxyEnvironment({ proxy: 'http://proxy:3128' }).NO_PROXY, '', 'not the server’s NO_PROXY');
  assert.deepEqual(
    proxyEnvironment({ noProxy: 'x' }),
    {},
    'no proxy of its own: the server’s settings apply',
  );
  assert.deepEqual(proxyEnvironment(undefined), {});
});
