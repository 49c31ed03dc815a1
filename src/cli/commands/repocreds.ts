// `driftless repocreds add|list|rm`: credential templates used by every repository under a URL prefix.
import type { Command } from 'commander';
import { clientFor, remoteAction, withRemote, type RemoteFlags } from '../context-client.js';
import { newCommand, outputOption, printStructured, printTable, type OutputFormat } from '../output.js';
import { settingsFromFlags, withRepoSettings, type RepoSettingsFlags } from './repo-flags.js';

function credsAdd(): Command {
  return withRepoSettings(
    withRemote(newCommand('add', 'store credentials for every repository whose URL starts with a prefix')),
  )
    .argument('<url-prefix>', 'e.g. https://git.example.com/team or git@git.example.com:')
    .action(
      remoteAction(async (url: string, f: RemoteFlags & RepoSettingsFlags) => {
        const settings = await settingsFromFlags(f);
        await clientFor(f).createRepoCreds({ url, ...settings }, f.upsert === true);
        process.stdout.write(`Repository credentials for '${url}' added\n`);
      }),
    );
}

function credsList(): Command {
  return withRemote(newCommand('list', 'list credential templates (without their secrets)'))
    .alias('ls')
    .addOption(outputOption(['table', 'json', 'yaml', 'name']))
    .action(
      remoteAction(async (f: RemoteFlags & { output: OutputFormat }) => {
        const { items } = await clientFor(f).listRepoCreds();
        if (f.output === 'json' || f.output === 'yaml') return printStructured(items, f.output);
        if (f.output === 'name') return void process.stdout.write(items.map((c) => `${c.url}\n`).join(''));
        printTable(
          ['URL PATTERN', 'TYPE', 'USERNAME', 'CREDS'],
          items.map((c) => [c.url, c.type, c.username ?? '', c.hasCredentials ? 'true' : 'false']),
        );
      }),
    );
}

function credsRm(): Command {
  return withRemote(newCommand('rm', 'remove credential templates'))
    .argument('<url-prefix...>', 'URL prefixes as added')
    .action(
      remoteAction(async (urls: string[], f: RemoteFlags) => {
        for (const url of urls) {
          await clientFor(f).deleteRepoCreds(url);
          process.stdout.write(`Repository credentials for '${url}' removed\n`);
        }
      }),
    );
}

export function repoCredsCommand(): Command {
  return newCommand('repocreds', 'manage credential templates for repositories')
    .addCommand(credsAdd())
    .addCommand(credsList())
    .addCommand(credsRm());
}
