// `driftless image set`: the CI write-back command (edit an overlay, values file or manifests, commit,
// push). Exit codes: 0 written, 1 failed, 2 usage, 3 nothing to change (0 with --allow-empty).
import { join } from 'node:path';
import { Option } from 'commander';
import { cacheRoot } from '../../common/cache-root.js';
import { parseGitAuthor } from '../../common/git-author.js';
import { RepoSettings, type CredentialProvider } from '../../git/index.js';
import { imageSet, type ImageSetResult } from '../../image/image-set.js';
import { LABEL_SECRET_TYPE, type KubeObject } from '../../model/index.js';
import { action, EXIT, newCommand } from '../output.js';
import { localCredentials } from './local-credentials.js';

const NOTHING_CHANGED = 3;

interface SetFlags {
  repo?: string;
  dir?: string;
  path: string;
  helmValues?: string;
  key?: string;
  nameKey?: string;
  message?: string;
  push?: boolean;
  branch?: string;
  allowEmpty?: boolean;
  author?: string;
  output: 'text' | 'json';
  sshPrivateKeyPath?: string;
  sshKnownHosts?: string[];
}

/** The user's ssh settings, plus HTTPS credentials from the environment (never from argv). */
async function credentialsFor(f: SetFlags, repo: string): Promise<CredentialProvider> {
  const base = await localCredentials({
    repoURL: repo,
    sshKnownHosts: f.sshKnownHosts,
    sshPrivateKeyPath: f.sshPrivateKeyPath,
  });
  const username = process.env['DRIFTLESS_GIT_USERNAME'];
  const password = process.env['DRIFTLESS_GIT_PASSWORD'];
  if (!password) return base;
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'env', labels: { [LABEL_SECRET_TYPE]: 'repository' } },
    stringData: { url: repo, username: username ?? 'git', password },
  } as KubeObject;
  const settings = new RepoSettings([secret]);
  return {
    accessFor: (url, project) => settings.accessFor(url, project),
    sshKnownHosts: () => base.sshKnownHosts(),
    tlsCertsFor: (host) => base.tlsCertsFor(host),
  };
}

function print(r: ImageSetResult, format: SetFlags['output']): void {
  if (format === 'json') {
    const { changed, sha, branch, pushed, attempts, files, changes, message } = r;
    process.stdout.write(
      `${JSON.stringify({ changed, commit: sha ?? null, branch, pushed, attempts, files, changes, message }, null, 2)}\n`,
    );
    return;
  }
  if (!r.changed)
    process.stdout.write(`nothing to change: ${r.changes.map((c) => c.newImage).join(', ')} already set\n`);
  else
    process.stdout.write(
      `${r.pushed ? 'pushed' : 'committed'} ${r.sha?.slice(0, 12) ?? ''} on ${r.branch}: ${r.files.join(', ')}\n`,
    );
}

export function imageCommand() {
  const set = newCommand(
    'set',
    'write image references into Git (a kustomization, Helm values or manifests), commit and push',
  )
    .argument(
      '<images...>',
      'IMAGE=NAME:TAG, IMAGE=NAME@DIGEST or NAME:TAG (IMAGE: the name the manifests use)',
    )
    .option(
      '--repo <url>',
      'the repository to clone, edit and push (HTTPS credentials: DRIFTLESS_GIT_USERNAME/DRIFTLESS_GIT_PASSWORD)',
    )
    .option('--dir <path>', 'a checkout to edit and commit in (pushes with your own git credentials)')
    .requiredOption(
      '--path <path>',
      'the folder, relative to the repository root (or --dir), holding the kustomization, values or manifests',
    )
    .option('--helm-values <file>', 'edit this values file (relative to --path) instead')
    .option('--key <path>', 'with --helm-values: the key that takes the tag (default image.tag)')
    .option(
      '--name-key <path>',
      'with --helm-values: the key that takes the image name (e.g. image.repository)',
    )
    .option(
      '--message <template>',
      'commit message, a Go template over .Changes (.Name .NewImage .NewName .NewTag .NewDigest), .Path, .Branch',
    )
    .option(
      '--author <name-email>',
      'commit author "Name <email>" (default: your git identity with --dir, driftless with --repo)',
    )
    .option('--push', 'push the commit (with --repo, without --push nothing is written: a dry run)')
    .option(
      '--branch <branch>',
      'branch to write to (default: the checked-out branch, or the remote default)',
    )
    .option('--allow-empty', 'exit 0 when the images are already set (default: exit 3)')
    .option('--ssh-private-key-path <file>', 'ssh key for an ssh --repo URL')
    .option('--ssh-known-hosts <file>', 'known_hosts file (repeatable)', (v: string, p: string[] = []) => [
      ...p,
      v,
    ])
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      '\nExit codes: 0 written (or dry run), 1 error, 2 usage, 3 nothing to change (0 with --allow-empty).\n' +
        'Example (CI): driftless image set --dir . --path apps/api/overlays/prod api=registry.example.com/api:$SHA --push\n',
    )
    .action(
      action(async (images: string[], f: SetFlags) => {
        const result = await imageSet({
          repo: f.repo,
          dir: f.dir,
          path: f.path,
          images,
          helmValues: f.helmValues,
          key: f.key,
          nameKey: f.nameKey,
          message: f.message,
          push: Boolean(f.push),
          branch: f.branch,
          author: f.author ? parseGitAuthor(f.author, '--author') : undefined,
          credentials: f.repo ? await credentialsFor(f, f.repo) : undefined,
          workRoot: join(cacheRoot(), 'git-write'),
        });
        print(result, f.output);
        return result.changed || f.allowEmpty ? EXIT.ok : NOTHING_CHANGED;
      }),
    );
  return newCommand('image', 'image references in Git: set them from CI').addCommand(set);
}
