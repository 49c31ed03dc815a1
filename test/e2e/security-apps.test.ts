// The security suite's bad inputs as Applications on a running server (through runServer): each
// ends in a ComparisonError naming the problem, no API answer holds the canary, and an app that was
// synced keeps its resources when its source turns bad (nothing pruned).
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Application } from '../../src/model/index.js';
import { toolAvailable } from '../../src/render/testing/tool-available.js';
import { badInputCases } from '../unit/security/bad-input-cases.js';
import { makeBadInputRepo, type BadInputRepo } from '../unit/security/bad-input-repo.js';
import { appBody, startApi, type RunningApi } from './api-support.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { kubectl, kubectlOk } from './support/kubectl.js';

const NS = 'security-apps-e2e';
const dest = `security-apps-${randomSuffix()}`;
const all = badInputCases();
// Cases that are a folder of files and must fail; every other one, to keep the run short.
const picked = all
  .map((c, index) => ({ c, index }))
  .filter(({ c }) => c.files && !c.args && !c.repo && !c.revision && !c.path && c.expect instanceof RegExp)
  .filter(({ c }) => toolAvailable(c.tool))
  .filter((_, i) => i % 2 === 0);
let api: RunningApi;
let repo: BadInputRepo;
const goodIndex = all.length;

before(async () => {
  repo = await makeBadInputRepo([
    ...all,
    {
      name: 'good',
      files: { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep-me\ndata:\n  a: "1"\n' },
      expect: 'renders',
    },
  ]);
  api = await startApi({ namespace: NS, pollIntervalMs: 600_000 });
  await api.admin.login('admin', api.adminPassword);
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'applications', '--all', '--wait=false']);
  await api.stop();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  await rm(repo.root, { recursive: true, force: true });
});

function conditionOf(app: Application): string | undefined {
  return app.status?.conditions?.find((c) => c.type === 'ComparisonError')?.message;
}

describe('security: bad inputs as Applications', () => {
  it(`${picked.length} bad sources each end in a ComparisonError, and no answer holds the canary`, async () => {
    assert.ok(picked.length >= 30, `${picked.length} cases`);
    const names = picked.map(({ index }) => `bad-${index}-${randomSuffix(4)}`);
    for (const [i, { index }] of picked.entries())
      await api.admin.createApplication(
        appBody(names[i] ?? '', repo.url, repo.caseDir(index), dest) as Application,
      );
    const failures: string[] = [];
    for (const [i, { c }] of picked.entries()) {
      const name = names[i] ?? '';
      const message = await waitFor(async () => conditionOf(await api.admin.getApplication(name)), {
        what: `ComparisonError of ${c.name}`,
        timeoutMs: 120_000,
      });
      if (c.expect instanceof RegExp && !c.expect.test(message)) failures.push(`${c.name}: ${message}`);
      for (const path of [`/api/v1/applications/${name}`, `/api/v1/applications/${name}/manifests`]) {
        const res = await fetch(`${api.url}${path}`, {
          headers: { Authorization: `Bearer ${api.admin.token ?? ''}` },
        });
        const text = await res.text();
        if (res.status >= 500) failures.push(`${c.name}: ${path} answered ${res.status}`);
        if (text.includes(repo.canaryToken)) failures.push(`${c.name}: ${path} holds the canary`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('a synced app whose source turns bad keeps its resources (nothing pruned)', async () => {
    const name = `turns-bad-${randomSuffix()}`;
    const body = appBody(name, repo.url, repo.caseDir(goodIndex), dest) as Application;
    body.spec.syncPolicy = {
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true'],
    };
    await api.admin.createApplication(body);
    await waitFor(async () => (await api.admin.getApplication(name)).status?.sync?.status === 'Synced', {
      what: 'synced from the good folder',
      timeoutMs: 90_000,
    });
    const bomb = all.findIndex((c) => c.name === 'YAML alias bomb');
    const live = await api.admin.getApplication(name);
    live.spec.source = { ...live.spec.source, repoURL: repo.url, path: repo.caseDir(bomb) };
    await api.admin.updateApplication(live);
    await waitFor(
      async () => /limit exceeded/.test(conditionOf(await api.admin.getApplication(name)) ?? ''),
      {
        what: 'ComparisonError after the source turned bad',
        timeoutMs: 60_000,
      },
    );
    assert.match(await kubectlOk(['-n', dest, 'get', 'configmap', 'keep-me', '-o', 'name']), /keep-me/);
  });
});
