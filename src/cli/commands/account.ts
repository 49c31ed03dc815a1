// `driftless account list|can-i|update-password|generate-token`: local accounts of the server.
import type { Command } from 'commander';
import { clientFor, remoteAction, withRemote, type RemoteFlags } from '../context-client.js';
import { EXIT, newCommand, outputOption, printStructured, printTable, type OutputFormat } from '../output.js';
import { ask } from './login-prompt.js';

function accountList(): Command {
  return withRemote(newCommand('list', 'list local accounts'))
    .alias('ls')
    .addOption(outputOption(['table', 'json', 'yaml', 'name']))
    .action(
      remoteAction(async (f: RemoteFlags & { output: OutputFormat }) => {
        const { items } = await clientFor(f).listAccounts();
        if (f.output === 'json' || f.output === 'yaml') return printStructured(items, f.output);
        if (f.output === 'name') return void process.stdout.write(items.map((a) => `${a.name}\n`).join(''));
        printTable(
          ['NAME', 'ENABLED', 'CAPABILITIES'],
          items.map((a) => [a.name, String(a.enabled), a.capabilities.join(', ')]),
        );
      }),
    );
}

function canI(): Command {
  return withRemote(
    newCommand('can-i', 'ask whether you may do something (prints yes or no; exit 0 yes, 1 no)'),
  )
    .argument('<action>', 'get, create, update, delete, sync, override, action')
    .argument('<resource>', 'applications, projects, repositories, clusters, accounts, …')
    .argument('[object]', 'object, e.g. default/guestbook, or * for any', '*')
    .action(
      remoteAction(async (act: string, resource: string, object: string, f: RemoteFlags) => {
        const yes = await clientFor(f).canI(resource, act, object);
        process.stdout.write(yes ? 'yes\n' : 'no\n');
        return yes ? EXIT.ok : EXIT.failure;
      }),
    );
}

interface PasswordFlags extends RemoteFlags {
  account?: string;
  currentPassword?: string;
  newPassword?: string;
}

function updatePassword(): Command {
  return withRemote(
    newCommand('update-password', "change your password (or, as an admin, another account's)"),
  )
    .option('--account <name>', 'account to change (default: your own)')
    .option('--current-password <password>', 'your current password (asked when not given)')
    .option('--new-password <password>', 'the new password (asked when not given)')
    .action(
      remoteAction(async (f: PasswordFlags) => {
        const current =
          f.currentPassword ??
          (await ask('Current password: ', { hidden: true, flag: '--current-password' }));
        const next = f.newPassword ?? (await ask('New password: ', { hidden: true, flag: '--new-password' }));
        await clientFor(f).updatePassword(current, next, f.account);
        process.stdout.write(`password of ${f.account ?? 'your account'} updated\n`);
      }),
    );
}

interface TokenFlags extends RemoteFlags {
  account?: string;
  expiresIn?: string;
  id?: string;
}

function generateToken(): Command {
  return withRemote(
    newCommand('generate-token', 'create an API token for an account (printed once, to stdout)'),
  )
    .option('--account <name>', 'account (default: your own)')
    .option('-e, --expires-in <seconds>', 'lifetime in seconds (default: no expiry)')
    .option('--id <id>', 'token id (default: generated)')
    .action(
      remoteAction(async (f: TokenFlags) => {
        const client = clientFor(f);
        const account = f.account ?? (await client.userInfo()).username;
        const token = await client.createAccountToken(account, {
          ...(f.expiresIn ? { expiresIn: Number(f.expiresIn) } : {}),
          ...(f.id ? { id: f.id } : {}),
        });
        process.stdout.write(`${token}\n`);
      }),
    );
}

export function accountCommand(): Command {
  return newCommand('account', 'manage local accounts and check permissions')
    .addCommand(accountList())
    .addCommand(canI())
    .addCommand(updatePassword())
    .addCommand(generateToken());
}
