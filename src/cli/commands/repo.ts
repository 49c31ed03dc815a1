// `driftless repo add|list|rm`: repositories and their credentials on the server.
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { AbortError } from '../../common/errors.js';
import { clientFor, remoteAction, UsageError, withRemote, type RemoteFlags } from '../context-client.js';
import { newCommand, outputOption, printStructured, printTable, type OutputFormat } from '../output.js';
import { readStdinLine } from './login-prompt.js';

interface AddFlags extends RemoteFlags {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  sshPrivateKeyPath?: string;
  type: 'git' | 'helm';
  project?: string;
  upsert?: boolean;
}

function repoAdd(): Command {
  return withRemote(newCommand('add', 'register a repository (with credentials when it is private)'))
    .argument('<url>', 'repository URL (https://, ssh://, git@host:path, file://)')
    .option('--username <name>', 'username for HTTPS')
    .option('--password <password>', 'password or access token for HTTPS')
    .option('--password-stdin', 'read the password from stdin')
    .option('--ssh-private-key-path <file>', 'private key for SSH')
    .addOption(new Option('--type <type>', 'repository type').choices(['git', 'helm']).default('git'))
    .option('--project <name>', 'scope the repository to a project')
    .option('--upsert', 'replace an existing repository of the same URL')
    .action(
      remoteAction(async (url: string, f: AddFlags) => {
        if (f.password !== undefined && f.passwordStdin)
          throw new UsageError('--password and --password-stdin exclude each other');
        const password = f.passwordStdin ? await readStdinLine() : f.password;
        const sshPrivateKey = f.sshPrivateKeyPath === undefined ? undefined : readKey(f.sshPrivateKeyPath);
        const repo = await clientFor(f).createRepository(
          {
            repo: url,
            type: f.type,
            ...(f.username ? { username: f.username } : {}),
            ...(password ? { password } : {}),
            ...(sshPrivateKey ? { sshPrivateKey } : {}),
            ...(f.project ? { project: f.project } : {}),
          },
          f.upsert === true,
        );
        const state = repo.connectionState.status;
        process.stdout.write(
          `repository '${repo.repo}' added (${state}${repo.connectionState.message ? `: ${repo.connectionState.message}` : ''})\n`,
        );
      }),
    );
}

function readKey(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new AbortError(`cannot read the SSH key ${path}`, {
      hint: 'check the path and its permissions',
      cause: e,
    });
  }
}

function repoList(): Command {
  return withRemote(newCommand('list', 'list repositories and whether the server can reach them'))
    .alias('ls')
    .addOption(outputOption(['table', 'wide', 'json', 'yaml', 'name']))
    .action(
      remoteAction(async (f: RemoteFlags & { output: OutputFormat }) => {
        const { items } = await clientFor(f).listRepositories();
        if (f.output === 'json' || f.output === 'yaml') return printStructured(items, f.output);
        if (f.output === 'name') return void process.stdout.write(items.map((r) => `${r.repo}\n`).join(''));
        const wide = f.output === 'wide';
        printTable(
          ['TYPE', 'REPO', 'PROJECT', 'CREDS', 'STATUS', ...(wide ? ['MESSAGE'] : [])],
          items.map((r) => [
            r.type,
            r.repo,
            r.project ?? '',
            r.hasCredentials ? 'yes' : 'no',
            r.connectionState.status,
            ...(wide ? [r.connectionState.message] : []),
          ]),
        );
      }),
    );
}

function repoRm(): Command {
  return withRemote(newCommand('rm', 'remove a repository (and its stored credentials)'))
    .argument('<url>', 'repository URL')
    .action(
      remoteAction(async (url: string, f: RemoteFlags) => {
        await clientFor(f).deleteRepository(url);
        process.stdout.write(`repository '${url}' removed\n`);
      }),
    );
}

export function repoCommand(): Command {
  return newCommand('repo', 'manage the repositories the server may read')
    .addCommand(repoAdd())
    .addCommand(repoList())
    .addCommand(repoRm());
}
