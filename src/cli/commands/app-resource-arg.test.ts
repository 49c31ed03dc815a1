// Tests of `--resource` parsing (argocd's GROUP:KIND:NAME with the NAMESPACE/NAME variant).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseResourceArg, resourceLabel } from './app-resource-arg.js';

test('GROUP:KIND:NAME, an empty group, and NAMESPACE/NAME', () => {
  assert.deepEqual(parseResourceArg('apps:Deployment:web'), {
    group: 'apps',
    kind: 'Deployment',
    name: 'web',
  });
  assert.deepEqual(parseResourceArg(':Service:web'), { group: '', kind: 'Service', name: 'web' });
  assert.deepEqual(parseResourceArg('apps:Deployment:prod/web'), {
    group: 'apps',
    kind: 'Deployment',
    name: 'web',
    namespace: 'prod',
  });
});

test('malformed values are usage errors with the format as hint', () => {
  for (const bad of [
    'web',
    'apps:Deployment',
    'apps:Deployment:',
    ':Deployment:/web',
    'a:b:c:d',
    'apps::web',
    'a:K:x/y/z',
  ])
    assert.throws(
      () => parseResourceArg(bad),
      (e: Error & { hint?: string }) => e.name === 'UsageError' && /GROUP:KIND:NAME/.test(e.hint ?? ''),
      bad,
    );
});

test('parse inverts the label format for any valid resource', () => {
  const part = fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}$/);
  fc.assert(
    fc.property(
      fc.option(part, { nil: '' }),
      part,
      part,
      fc.option(part, { nil: undefined }),
      (group, kind, name, ns) => {
        const r = parseResourceArg(`${group}:${kind}:${ns ? `${ns}/` : ''}${name}`);
        assert.equal(
          resourceLabel(r),
          resourceLabel({ group, kind, name, ...(ns ? { namespace: ns } : {}) }),
        );
      },
    ),
  );
});
