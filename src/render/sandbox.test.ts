// The sandbox modes when bubblewrap cannot run (as under a RuntimeDefault seccomp profile): `bwrap`
// refuses with a named reason, `auto` falls back to the plain command and says why, `off` never probes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RenderError } from './errors.js';
import { RenderSandbox, type SandboxRequest } from './sandbox.js';

const req: SandboxRequest = {
  command: '/usr/bin/env',
  args: ['true'],
  cwd: '/',
  readOnly: [],
  writable: [],
  network: false,
  tool: 'helm',
};
const BROKEN_BWRAP = '/nonexistent/bwrap';

describe('RenderSandbox without a working bwrap', () => {
  it('bwrap: refuses to run the tool, naming why', async () => {
    const err = await new RenderSandbox('bwrap', BROKEN_BWRAP).wrap(req).catch((e: unknown) => e);
    assert.ok(err instanceof RenderError);
    assert.equal(err.reason, 'SandboxUnavailable');
    assert.match(err.message, /render sandbox is not available, so helm was not run/);
  });

  it('auto: runs the plain command and reports the fallback', async () => {
    const sandbox = new RenderSandbox('auto', BROKEN_BWRAP);
    assert.deepEqual(await sandbox.wrap(req), { command: '/usr/bin/env', args: ['true'] });
    const state = await sandbox.state();
    assert.equal(state.confined, false);
    assert.ok(!state.confined && state.why.length > 0);
  });

  it('off: plain command, reported as off', async () => {
    const sandbox = new RenderSandbox('off', BROKEN_BWRAP);
    assert.deepEqual(await sandbox.wrap(req), { command: '/usr/bin/env', args: ['true'] });
    assert.deepEqual(await sandbox.state(), { confined: false, why: 'the render sandbox is off' });
  });
});
