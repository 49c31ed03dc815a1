// `app rollback --git`: the server reverts the deployed commits in Git (or pushes a review branch); the CLI
// then waits until the app is Synced to the revert commit, starting the sync itself when auto-sync is off.
import { AbortError } from '../../common/errors.js';
import type { Application } from '../../model/index.js';
import type { ApiClient } from '../../server/api-client.js';
import { EXIT, progress } from '../output.js';
import { followApp } from './app-follow.js';

export interface GitRollbackFlags {
  to?: string | undefined;
  /** `Name <email>`, checked; undefined: the server's default. */
  author?: string | undefined;
  async?: boolean | undefined;
  json: boolean;
  timeoutMs: number;
}

const syncedTo = (sha: string) => (a: Application) =>
  a.status?.sync?.status === 'Synced' &&
  a.status.sync.revision === sha &&
  a.status.operationState?.phase !== 'Running';

export async function rollbackViaGit(client: ApiClient, name: string, f: GitRollbackFlags): Promise<number> {
  progress(`reverting the deployed commits of ${name} in Git${f.to ? ` back to ${f.to}` : ''}`);
  const r = await client.gitRollback(name, {
    ...(f.to ? { to: f.to } : {}),
    ...(f.author ? { author: f.author } : {}),
  });
  const range = `${r.target.slice(0, 8)}..${r.deployed.slice(0, 8)}`;
  const print = (status: string) =>
    process.stdout.write(
      f.json
        ? `${JSON.stringify({ ...r, status }, null, 2)}\n`
        : `${status === 'review' ? 'review branch' : 'revert commit'} ${r.sha.slice(0, 8)} pushed to ${r.branch} of ${r.repoURL} (reverts ${range})\n`,
    );
  if (r.review) {
    progress(`the project requires review: merge branch ${r.branch} to roll ${name} back`);
    print('review');
    return EXIT.ok;
  }
  progress(`pushed ${r.sha.slice(0, 8)} to ${r.branch} (reverts ${range})`);
  if (f.async) {
    print('pushed');
    return EXIT.ok;
  }
  const app = await client.getApplication(name);
  if (!app.spec.syncPolicy?.automated) {
    progress(`auto-sync is off: syncing ${name} to ${r.sha.slice(0, 8)}`);
    await client.syncApplication(name, { revision: r.sha });
  }
  progress(`waiting until ${name} is Synced to ${r.sha.slice(0, 8)}`);
  const done = await followApp(client, name, syncedTo(r.sha), { timeoutMs: f.timeoutMs });
  if (done.timedOut)
    throw new AbortError(
      `${name} was not Synced to the revert ${r.sha.slice(0, 8)} within ${f.timeoutMs / 1000}s`,
      {
        hint: `the commit is pushed; see why with: driftless app get ${name}`,
      },
    );
  print('synced');
  return EXIT.ok;
}
