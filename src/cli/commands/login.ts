// `driftless login`, `logout` and `context`: sessions with a server, kept as named contexts in the user's config dir.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { ApiClient } from '../../server/api-client.js';
import {
  configPath,
  contextNameFor,
  normalizeServer,
  readConfig,
  useContext,
  withContext,
  withoutToken,
  writeConfig,
} from '../context-store.js';
import { clientTls, remoteAction, UsageError } from '../context-client.js';
import { newCommand, outputOption, printStructured, printTable, type OutputFormat } from '../output.js';
import { ask, readStdinLine } from './login-prompt.js';
import { ssoLogin } from './login-sso.js';

interface LoginFlags {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  name?: string;
  plaintext?: boolean;
  insecure?: boolean;
  serverCrt?: string;
  sso?: boolean;
  ssoPort: number;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--sso-port must be a port number, got "${value}"`);
  return n;
}

export function loginCommand(): Command {
  return newCommand('login', 'log in to a Driftless (or Argo CD) server and save the session as a context')
    .argument('<server>', 'host:port, or a URL such as http://127.0.0.1:8080')
    .option('--username <name>', 'account name (asked when not given)')
    .option('--password <password>', 'password (asked, hidden, when not given)')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option('--name <context>', 'name of the context (default: host:port)')
    .option('--plaintext', 'use http:// when the server has no scheme')
    .option('--insecure', "do not verify the server's TLS certificate (saved in the context)")
    .option(
      '--server-crt <file>',
      "PEM file of the server's certificate or CA to trust (its path is saved in the context)",
    )
    .option('--sso', "log in through the server's SSO provider (prints a URL to open in a browser)")
    .option(
      '--sso-port <port>',
      'loopback port of the SSO callback (a redirect URI the provider allows)',
      parsePort,
      8085,
    )
    .action(
      remoteAction(async (serverArg: string, flags: LoginFlags) => {
        if (flags.password !== undefined && flags.passwordStdin)
          throw new UsageError('--password and --password-stdin exclude each other');
        if (flags.sso && (flags.username ?? flags.password ?? flags.passwordStdin) !== undefined)
          throw new UsageError('--sso takes no --username or password');
        const server = normalizeServer(serverArg, flags.plaintext === true);
        const tlsFlags = {
          ...(flags.insecure ? { insecure: true } : {}),
          ...(flags.serverCrt ? { serverCrt: resolve(flags.serverCrt) } : {}),
        };
        const client = new ApiClient(server, undefined, clientTls(tlsFlags));
        let username: string;
        let token: string;
        let refreshToken: string | undefined;
        try {
          if (flags.sso) {
            ({ token, refreshToken } = await ssoLogin(client, {
              port: flags.ssoPort,
              show: (l) => process.stdout.write(l),
            }));
            username = (await client.userInfo()).username;
          } else {
            username = flags.username ?? (await ask('Username: ', { flag: '--username' }));
            const password = flags.passwordStdin
              ? await readStdinLine()
              : (flags.password ??
                (await ask('Password: ', { hidden: true, flag: '--password or --password-stdin' })));
            token = await client.login(username, password);
          }
        } finally {
          client.close();
        }
        const name = flags.name ?? contextNameFor(server);
        const path = configPath();
        writeConfig(
          path,
          withContext(readConfig(path), name, {
            server,
            token,
            ...(refreshToken ? { refreshToken } : {}),
            user: username,
            ...tlsFlags,
          }),
        );
        process.stdout.write(`logged in to ${server} as ${username} (context "${name}")\n`);
      }),
    );
}

export function logoutCommand(): Command {
  return newCommand('logout', 'end the session of a context and forget its token')
    .argument('[context]', 'context to log out of (default: the current one)')
    .action(
      remoteAction(async (name: string | undefined) => {
        const path = configPath();
        const config = readConfig(path);
        const ctxName = name ?? config.current;
        if (!ctxName)
          throw new UsageError('no current context to log out of', {
            hint: 'name one: driftless logout <context>',
          });
        const ctx = config.contexts[ctxName];
        // Best effort: the tokens are forgotten here whether or not the server or the provider is reachable.
        if (ctx?.refreshToken) {
          const { revokeSsoRefresh } = await import('../sso-renew.js');
          await revokeSsoRefresh({ ...ctx, contextName: ctxName, refreshToken: ctx.refreshToken }).catch(
            () => undefined,
          );
        }
        if (ctx?.token) {
          const client = new ApiClient(ctx.server, ctx.token, clientTls(ctx));
          await client
            .logout()
            .catch(() => undefined)
            .finally(() => client.close());
        }
        writeConfig(path, withoutToken(config, ctxName));
        process.stdout.write(`logged out of "${ctxName}"\n`);
      }),
    );
}

export function contextCommand(): Command {
  return newCommand('context', 'list the login contexts, or switch to one')
    .argument('[name]', 'context to make current')
    .addOption(outputOption(['table', 'json', 'yaml', 'name']))
    .action(
      remoteAction(async (name: string | undefined, flags: { output: OutputFormat }) => {
        const path = configPath();
        const config = readConfig(path);
        if (name) {
          writeConfig(path, useContext(config, name));
          process.stdout.write(`switched to context "${name}"\n`);
          return;
        }
        const rows = Object.entries(config.contexts).map(([n, c]) => ({
          name: n,
          current: n === config.current,
          server: c.server,
          user: c.user ?? '',
          loggedIn: c.token !== undefined,
        }));
        if (flags.output === 'json' || flags.output === 'yaml') return printStructured(rows, flags.output);
        if (flags.output === 'name')
          return void process.stdout.write(rows.map((r) => `${r.name}\n`).join(''));
        printTable(
          ['CURRENT', 'NAME', 'SERVER', 'USER', 'LOGGED IN'],
          rows.map((r) => [r.current ? '*' : '', r.name, r.server, r.user, r.loggedIn ? 'yes' : 'no']),
        );
      }),
    );
}
