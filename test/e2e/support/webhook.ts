// GitHub push events for e2e tests: the recorded payload retargeted at a test repository, and sending it.
import { readFileSync } from 'node:fs';

const push = readFileSync(new URL('../../../../testdata/webhooks/github-push.json', import.meta.url), 'utf8');

/** The recorded GitHub push, naming `repoURL` (html and clone URLs), `branch` and the new head `after`. */
export function githubPush(repoURL: string, branch: string, after: string): Buffer {
  const p = JSON.parse(push) as { ref: string; after: string; repository: Record<string, string> };
  p.ref = `refs/heads/${branch}`;
  p.after = after;
  p.repository = {
    ...p.repository,
    html_url: repoURL,
    clone_url: `${repoURL}.git`,
    default_branch: 'main',
  };
  delete p.repository.ssh_url;
  delete p.repository.git_url;
  return Buffer.from(JSON.stringify(p));
}

/** POSTs a push event to the server's /api/webhook, signed when a signature is given. */
export function sendGithubPush(apiURL: string, body: Buffer, signature?: string): Promise<Response> {
  return fetch(`${apiURL}/api/webhook`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-GitHub-Event': 'push',
      ...(signature ? { 'X-Hub-Signature-256': signature } : {}),
    },
    body,
  });
}
