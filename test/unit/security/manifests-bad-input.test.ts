// The security suite's bad inputs through `driftless manifests`: each case ends in a clear error
// (or a render where that is right), never a crash, never the canary's content, never a command run.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CommanderError } from 'commander';
import { manifestsCommand } from '../../../src/cli/commands/manifests.js';
import { missingTool } from '../../../src/common/testing/missing-tool.js';
import { toolAvailable } from '../../../src/render/testing/tool-available.js';
import { badInputCases } from './bad-input-cases.js';
import { makeBadInputRepo, type BadInputRepo } from './bad-input-repo.js';

const cases = badInputCases();

describe('security: bad inputs through driftless manifests', () => {
  let repo: BadInputRepo;
  before(async () => {
    repo = await makeBadInputRepo(cases);
    // A secret in this process's environment: a tool that could read its parent's environment would print it.
    process.env['DRIFTLESS_SECURITY_CANARY'] = repo.canaryToken;
  });
  after(async () => {
    delete process.env['DRIFTLESS_SECURITY_CANARY'];
    await rm(repo.root, { recursive: true, force: true });
  });

  it('has at least 150 cases', () => assert.ok(cases.length >= 150, `${cases.length} cases`));

  for (const [i, c] of cases.entries()) {
    it(c.name, { skip: !c.tool || toolAvailable(c.tool) ? false : missingTool(c.tool) }, async () => {
      const args = [
        '--repo',
        c.repo === undefined ? repo.url : repo.fill(c.repo, i),
        '--revision',
        c.revision === undefined ? repo.sha : repo.fill(c.revision, i),
        '--path',
        c.path === undefined ? repo.caseDir(i) : repo.fill(c.path, i),
        '--cache-dir',
        join(repo.root, 'cache'),
        ...(c.args ?? []).map((a) => repo.fill(a, i)),
      ];
      const run = { code: 0, stdout: '', stderr: '' };
      const io = {
        out: (t: string) => void (run.stdout += t),
        err: (t: string) => void (run.stderr += t),
        exitCode: (n: number) => void (run.code = n),
      };
      try {
        await manifestsCommand(io).exitOverride().parseAsync(args, { from: 'user' });
      } catch (e) {
        // A usage error (commander) is a clear refusal too.
        assert.ok(e instanceof CommanderError, `unexpected throw: ${String(e)}`);
        Object.assign(run, { code: 2, stderr: `error: ${e.message}` });
      }
      const all = run.stdout + run.stderr;
      assert.ok(!all.includes(repo.canaryToken), 'the canary file outside the checkout was read');
      assert.ok(!/root:x:0:0/.test(all), '/etc/passwd was read');
      assert.doesNotMatch(run.stderr, /this is a bug|\n\s+at /, 'a crash instead of a clear error');
      assert.ok(!existsSync(repo.pwnedPath), 'an injected command ran');
      if (c.expect === 'renders') assert.equal(run.code, 0, run.stderr);
      else if (c.expect !== 'either') {
        assert.notEqual(run.code, 0, `rendered instead of failing: ${run.stdout.slice(0, 200)}`);
        assert.match(run.stderr, /^error: /m);
        assert.match(run.stderr, c.expect);
      }
    });
  }
});
