// bench/api.ts's committer, in a process of its own so its file writes and git runs never take the server's event
// loop: every COMMIT_MS a commit changing a tenth of the apps; reports each commit to the parent.
import { TestRepo } from '../test/e2e/support/git-repo.js';
import { commitRevision } from './api-repo.js';

const [dir = '', everyMs = '5000', names = ''] = process.argv.slice(2);
const repo = new TestRepo(dir);
const apps = names.split(',');
let rev = 0;
const timer = setInterval(() => {
  rev++;
  commitRevision(
    repo,
    apps.filter((_, i) => i % 10 === rev % 10),
    rev,
  );
  // The parent may be gone between its last message and our 'disconnect' event: a late report is dropped.
  if (process.connected) process.send?.({ commits: rev }, undefined, {}, () => {});
}, Number(everyMs));
process.on('disconnect', () => clearInterval(timer));
