// `driftless promote APP --from staging --to production`: the server copies the source environment's
// image references (pinned by digest) and chosen values into the target's overlay as one commit.
import type { Command } from 'commander';
import { formatGitAuthor, parseGitAuthor } from '../../common/git-author.js';
import { collect, clientFor, remoteAction, withRemote, type RemoteFlags } from '../context-client.js';
import { EXIT, newCommand, outputOption, progress, type OutputFormat } from '../output.js';

interface PromoteFlags extends RemoteFlags {
  from: string;
  to?: string;
  value: string[];
  author?: string;
  output: OutputFormat;
}

export function promoteCommand(): Command {
  return withRemote(
    newCommand(
      'promote',
      "promote one environment's images (pinned by digest) and chosen values into an application's environment, as one commit (or a review branch when its project requires review)",
    ),
  )
    .argument(
      '<app>',
      'the application whose repository and branch are written (its folder is the default --to)',
    )
    .requiredOption(
      '--from <app|path>',
      'the source: an application, or an overlay folder (e.g. staging, apps/web/overlays/staging)',
    )
    .option('--to <app|path>', "the target: an application or overlay folder (default: APP's own folder)")
    .option(
      '--value <key>',
      'also copy this key of values.yaml (repeatable), e.g. --value replicaCount',
      collect,
      [],
    )
    .option(
      '--author <name-email>',
      'commit author "Name <email>" (default: argocd-cm driftless.git-write.author, else Driftless <driftless@localhost>)',
    )
    .addOption(outputOption(['table', 'json']))
    .addHelpText(
      'after',
      "\nA folder without a slash is a sibling of APP's folder (apps/web/overlays/production → apps/web/overlays/staging).\n" +
        'Tag-only references are refused: pin the source by digest first.\n' +
        'Example: driftless promote web-production --from web-staging',
    )
    .action(
      remoteAction(async (app: string, f: PromoteFlags) => {
        progress(`promoting ${f.from} into ${f.to ?? app}`);
        const r = await clientFor(f).promote(app, {
          from: f.from,
          ...(f.to ? { to: f.to } : {}),
          ...(f.value.length > 0 ? { values: f.value } : {}),
          ...(f.author ? { author: formatGitAuthor(parseGitAuthor(f.author, '--author')) } : {}),
        });
        if (f.output === 'json') {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return EXIT.ok;
        }
        for (const i of r.images)
          process.stdout.write(`image ${i.name}: ${i.from ?? '(unset)'} -> ${i.to}\n`);
        for (const v of r.values)
          process.stdout.write(`value ${v.key}: ${JSON.stringify(v.from ?? null)} -> ${v.to}\n`);
        process.stdout.write(
          `${r.review ? 'review branch' : 'commit'} ${r.sha.slice(0, 8)} pushed to ${r.branch} of ${r.repoURL}\n`,
        );
        if (r.review) progress(`the project requires review: merge ${r.branch} to deploy it`);
        return EXIT.ok;
      }),
    );
}
