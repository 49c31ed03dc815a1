// Runs the real `driftless` CLI as a subprocess (as a user would), with its own config directory.
import { spawn } from 'node:child_process';

const MAIN = new URL('../../../src/cli/main.js', import.meta.url).pathname;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export type Cli = (
  args: string[],
  opts?: {
    input?: string;
    env?: Record<string, string>;
    /** Stops the command (SIGTERM), e.g. one that follows a stream. */
    signal?: AbortSignal;
    /** Sees stdout as it arrives. */
    onStdout?: (soFar: string) => void;
  },
) => Promise<CliRun>;

/** A runner whose contexts live under `xdg`; async, because the API it talks to may live in this process. */
export function cliRunner(xdg: string): Cli {
  return (args, opts = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [MAIN, ...args], {
        env: {
          ...process.env,
          XDG_CONFIG_HOME: xdg,
          DRIFTLESS_SERVER: '',
          DRIFTLESS_AUTH_TOKEN: '',
          ...opts.env,
        },
        stdio: ['pipe', 'pipe', 'pipe'],
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        opts.onStdout?.(stdout);
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // An abort is how a caller ends a following command; its exit is then the answer.
      child.on('error', (e) => {
        if (!opts.signal?.aborted) reject(e);
      });
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(opts.input ?? '');
    });
}

/** A runner logged in to a running server: `target` is read at each call (the server starts after the runner). */
export function serverCli(xdg: string, target: () => { url: string; token: string }): Cli {
  const run = cliRunner(xdg);
  return (args, opts = {}) => {
    const { url, token } = target();
    return run(args, { ...opts, env: { ...opts.env, DRIFTLESS_SERVER: url, DRIFTLESS_AUTH_TOKEN: token } });
  };
}

/**
 * `driftless login` as admin to a plain-HTTP server (`url` as http://host:port), the password on stdin;
 * throws with the run's output unless it succeeded. `extra` flags follow (`--name ctx`).
 */
export async function loginAdmin(cli: Cli, url: string, password: string, ...extra: string[]): Promise<void> {
  const args = [
    'login',
    url.replace(/^http:\/\//, ''),
    '--plaintext',
    '--username',
    'admin',
    '--password-stdin',
  ];
  const r = await cli([...args, ...extra], { input: `${password}\n` });
  if (r.code !== 0) throw new Error(`driftless login as admin failed\n${showRun(r)}`);
}

/** A run as an assertion message. */
export const showRun = (r: CliRun): string => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
