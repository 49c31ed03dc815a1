// `driftless repo add|list|get|rm`: repositories on the server, with their connection state.
import type { Command } from 'commander';
import type { RepositoryView } from '../../server/repo-secrets.js';
import { clientFor, remoteAction, withRemote, type RemoteFlags } from '../context-client.js';
import { newCommand, outputOption, printStructured, printTable, type OutputFormat } from '../output.js';
import { settingsFromFlags, withRepoSettings, type RepoSettingsFlags } from './repo-flags.js';

interface AddFlags extends RemoteFlags, RepoSettingsFlags {
  project?: string;
}

function repoAdd(): Command {
  return withRepoSettings(
    withRemote(newCommand('add', 'register a repository; its connection is tested first')),
  )
    .argument('<url>', 'repository URL (https://, ssh://, git@host:path, file://, oci://)')
    .option('--project <name>', 'scope the repository to a project (only its apps may use it)')
    .action(
      remoteAction(async (url: string, f: AddFlags) => {
        const settings = await settingsFromFlags(f);
        const repo = await clientFor(f).createRepository(
          { repo: url, ...settings, ...(f.project ? { project: f.project } : {}) },
          f.upsert === true,
        );
        process.stdout.write(`Repository '${repo.repo}' added\n`);
      }),
    );
}

const yesNo = (b: boolean | undefined) => (b ? 'true' : 'false');

function printRepos(items: RepositoryView[], format: OutputFormat): void {
  if (format === 'json' || format === 'yaml') return printStructured(items, format);
  if (format === 'name') return void process.stdout.write(items.map((r) => `${r.repo}\n`).join(''));
  printTable(
    ['TYPE', 'NAME', 'REPO', 'INSECURE', 'OCI', 'LFS', 'CREDS', 'STATUS', 'MESSAGE', 'PROJECT'],
    items.map((r) => [
      r.type,
      r.name ?? '',
      r.repo,
      yesNo(r.insecure || r.insecureIgnoreHostKey),
      yesNo(r.enableOCI),
      yesNo(r.enableLfs),
      yesNo(r.hasCredentials || r.inheritedCreds),
      r.connectionState.status,
      r.connectionState.message,
      r.project ?? '',
    ]),
  );
}

function repoList(): Command {
  return withRemote(newCommand('list', 'list repositories and whether the server can reach them'))
    .alias('ls')
    .addOption(outputOption(['table', 'wide', 'json', 'yaml', 'name']))
    .option('--refresh <mode>', '"hard": test every connection again now')
    .action(
      remoteAction(async (f: RemoteFlags & { output: OutputFormat; refresh?: string }) => {
        const { items } = await clientFor(f).listRepositories({ forceRefresh: f.refresh === 'hard' });
        printRepos(items, f.output);
      }),
    );
}

function repoGet(): Command {
  return withRemote(newCommand('get', 'show one repository and its connection state'))
    .argument('<url>', 'repository URL')
    .addOption(outputOption(['table', 'wide', 'json', 'yaml', 'name']))
    .option('--refresh <mode>', '"hard": test the connection again now')
    .option('--project <name>', 'the project-scoped repository of this project')
    .action(
      remoteAction(
        async (
          url: string,
          f: RemoteFlags & { output: OutputFormat; refresh?: string; project?: string },
        ) => {
          const repo = await clientFor(f).getRepository(url, {
            forceRefresh: f.refresh === 'hard',
            ...(f.project ? { appProject: f.project } : {}),
          });
          printRepos([repo], f.output);
        },
      ),
    );
}

function repoRm(): Command {
  return withRemote(newCommand('rm', 'remove a repository (and its stored credentials)'))
    .argument('<url...>', 'repository URLs')
    .option('--project <name>', 'the project-scoped repository of this project')
    .action(
      remoteAction(async (urls: string[], f: RemoteFlags & { project?: string }) => {
        for (const url of urls) {
          await clientFor(f).deleteRepository(url, f.project ? { appProject: f.project } : {});
          process.stdout.write(`Repository '${url}' removed\n`);
        }
      }),
    );
}

export function repoCommand(): Command {
  return newCommand('repo', 'manage the repositories the server may read')
    .addCommand(repoAdd())
    .addCommand(repoList())
    .addCommand(repoGet())
    .addCommand(repoRm());
}
