// expr-lang/expr through the same engine, on Argo CD notification trigger conditions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engineVersions, evaluate, ExpressionError } from './expr.js';
import { render } from './render.js';

const app = {
  metadata: { name: 'guestbook' },
  status: {
    operationState: { phase: 'Failed', finishedAt: '2026-01-01T00:00:00Z' },
    health: { status: 'Degraded' },
    sync: { status: 'OutOfSync' },
  },
};

describe('expr (Argo CD notification triggers)', () => {
  test('the default catalog conditions', () => {
    assert.equal(evaluate("app.status.operationState.phase in ['Error', 'Failed']", { app }), true);
    assert.equal(evaluate("app.status.health.status == 'Degraded'", { app }), true);
    assert.equal(
      evaluate("app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'", {
        app,
      }),
      false,
    );
  });
  test('time helpers: a duration since a parsed timestamp', () => {
    const since = 'time.Now().Sub(time.Parse(app.status.operationState.finishedAt)).Minutes() >= 5';
    assert.equal(evaluate(since, { app }, { notificationHelpers: true }), true);
  });
  test('strings helpers', () => {
    assert.equal(
      evaluate('strings.ToUpper(app.metadata.name)', { app }, { notificationHelpers: true }),
      'GUESTBOOK',
    );
  });
  test('a syntax error is a parse-phase ExpressionError', () => {
    assert.throws(
      () => evaluate('app.status. ==', { app }),
      (e: unknown) => e instanceof ExpressionError && e.phase === 'parse',
    );
  });
  test('notification templates see the helpers too', () => {
    assert.equal(
      render(
        '{{ call .strings.ToLower "ABC" }} {{ .app.metadata.name }}',
        { app },
        { funcs: 'notifications' },
      ),
      'abc guestbook',
    );
  });
  test('the engine reports the module versions compiled in', () => {
    const v = engineVersions();
    assert.equal(v['github.com/Masterminds/sprig/v3'], 'v3.3.0');
    assert.equal(v['github.com/expr-lang/expr'], 'v1.17.8');
  });
});
