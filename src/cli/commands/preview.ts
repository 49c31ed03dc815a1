// `driftless preview`: what merging a branch would change in every app the caller may see, as Markdown for a
// PR comment or JSON (exit 0 no change, 1 changes, 2 error); rendered and dry-run on the server.
import { Option, type Command } from 'commander';
import { clientFor, remoteAction, withRemote, type RemoteFlags } from '../context-client.js';
import { newCommand, progress } from '../output.js';
import { PREVIEW_EXIT, previewExitCode, previewMarkdown } from './preview-report.js';

interface PreviewFlags extends RemoteFlags {
  repo: string;
  base: string;
  head: string;
  output: 'markdown' | 'json';
}

export function previewCommand(): Command {
  return withRemote(
    newCommand(
      'preview',
      'preview a change before merging: apps it touches, resources added, changed (field by field) and pruned (exit 0 no change, 1 changes, 2 error)',
    ),
  )
    .requiredOption('--repo <url>', 'the repository, as the applications name it')
    .option('--base <revision>', 'the branch the change merges into', 'main')
    .requiredOption('--head <revision>', 'the branch (or commit) with the change')
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(['markdown', 'json']).default('markdown'),
    )
    .addHelpText(
      'after',
      '\nOnly applications whose sources follow the base (their targetRevision resolves to the same commit) and\n' +
        'whose paths, Helm value files or manifest-generate-paths the change touches are previewed.\n' +
        'Example (CI): driftless preview --repo https://git.example.com/config.git --base main --head "$BRANCH" > comment.md',
    )
    .action(
      remoteAction(
        async (f: PreviewFlags) => {
          const client = clientFor(f);
          progress(
            `previewing ${f.repo} ${f.base}..${f.head}: rendering both revisions and dry-running the head`,
          );
          const p = await client.preview({ repoURL: f.repo, base: f.base, head: f.head });
          progress(`${p.changedFiles.length} files changed; ${p.apps.length} applications touched`);
          process.stdout.write(
            f.output === 'json' ? `${JSON.stringify(p, null, 2)}\n` : `${previewMarkdown(p)}`,
          );
          return previewExitCode(p);
        },
        { errorCode: PREVIEW_EXIT.error },
      ),
    );
}
