// envsubst: Argo CD's substitution of build variables in kustomize images and labels.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envsubst } from './envsubst.js';

describe('envsubst', () => {
  const env = { ARGOCD_APP_REVISION: 'abc123', ARGOCD_APP_NAME: 'guestbook' };
  it('replaces $NAME and ${NAME}, unknown names with nothing', () => {
    assert.equal(envsubst('img:$ARGOCD_APP_REVISION', env), 'img:abc123');
    assert.equal(envsubst('${ARGOCD_APP_NAME}-x', env), 'guestbook-x');
    assert.equal(envsubst('a-${NOPE}-b', env), 'a--b');
  });
  it('keeps $$ as one dollar and a lone dollar as it is', () => {
    assert.equal(envsubst('cost $$5', env), 'cost $5');
    assert.equal(envsubst('end $', env), 'end $');
    assert.equal(envsubst('a $ b', env), 'a $ b');
  });
  it('eats a brace that never closes, as Go does', () => {
    assert.equal(envsubst('x${oops', env), 'xoops');
  });
});
