// The one module that spawns processes: timeouts, kill on timeout, and "tool missing" as an
// actionable error. Everything else (git, helm, kustomize, the control plane) goes through here.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { AbortError, ExternalError } from './errors.js';

export interface ExecOptions {
  cwd?: string;
  /** Extra environment, merged over process.env unless `cleanEnv` is set. */
  env?: Record<string, string | undefined>;
  cleanEnv?: boolean;
  input?: string | Buffer;
  /** Kill the process (and its group) after this many ms. Default 5 minutes. */
  timeoutMs?: number;
  /** Cap on captured stdout bytes; exceeding it kills the process. Default 256 MiB. */
  maxOutputBytes?: number;
  /** Strings to replace with *** in error messages (credentials). */
  redact?: readonly string[];
  signal?: AbortSignal;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** How to install a tool that is missing, by command name. */
const installHints: Record<string, string> = {
  git: 'install git (apt-get install -y git)',
  helm: 'build it with scripts/build-tools.sh helm, or put helm on PATH',
  kustomize: 'build it with scripts/build-tools.sh kustomize, or put kustomize on PATH',
  kubectl: 'install kubectl, or build it with scripts/build-tools.sh kubernetes',
  jsonnet: 'install jsonnet (apt-get install -y jsonnet)',
  bwrap: 'install bubblewrap (apt-get install -y bubblewrap)',
  openssl: 'install openssl (apt-get install -y openssl)',
  go: 'install Go >= 1.26',
  sshd: 'install the OpenSSH server (apt-get install -y openssh-server)',
};

export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}

function toolName(command: string): string {
  return command.split('/').pop() ?? command;
}

/** Runs a command to completion; resolves with its output whatever its exit code. */
export function exec(command: string, args: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const timeoutMs = opts.timeoutMs ?? 5 * 60_000;
  const maxOut = opts.maxOutputBytes ?? 256 * 1024 * 1024;
  const redact = opts.redact ?? [];
  const env = opts.cleanEnv ? { ...opts.env } : { ...process.env, ...opts.env };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // own process group, so a timeout kills grandchildren too
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let killedFor: 'timeout' | 'output' | 'abort' | undefined;
    const killGroup = (why: typeof killedFor) => {
      killedFor = why;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => killGroup('timeout'), timeoutMs);
    const onAbort = () => killGroup('abort');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > maxOut) killGroup('output');
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === 'ENOENT') {
        const name = toolName(command);
        reject(
          new AbortError(`${name} is not installed (or not on PATH)`, {
            hint: installHints[name] ?? `install ${name}`,
            cause: e,
          }),
        );
      } else reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = redactText(Buffer.concat(err).toString('utf8'), redact);
      if (killedFor) {
        const what =
          killedFor === 'timeout'
            ? `timed out after ${Math.round(timeoutMs / 1000)}s`
            : killedFor === 'output'
              ? `produced more than ${maxOut} bytes of output`
              : 'was cancelled';
        reject(
          new ExternalError(`${toolName(command)} ${what}`, {
            command,
            args: args.map((a) => redactText(a, redact)),
            exitCode: null,
            stderr,
            timedOut: killedFor === 'timeout',
            hint: killedFor === 'timeout' ? 'the tool may be hanging on input or a slow network' : undefined,
          }),
        );
        return;
      }
      resolve({ stdout, stderr, exitCode: code ?? -1 });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

/** Runs a command and throws an ExternalError carrying its stderr when it exits non-zero. */
export async function execChecked(
  command: string,
  args: readonly string[],
  opts: ExecOptions = {},
): Promise<ExecResult> {
  const res = await exec(command, args, opts);
  if (res.exitCode !== 0) {
    const redact = opts.redact ?? [];
    const firstLine = res.stderr.trim().split('\n').slice(-3).join(' | ') || `exit code ${res.exitCode}`;
    throw new ExternalError(`${toolName(command)} failed: ${redactText(firstLine, redact)}`, {
      command,
      args: args.map((a) => redactText(a, redact)),
      exitCode: res.exitCode,
      stderr: res.stderr,
    });
  }
  return res;
}

export interface DaemonOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** stdout and stderr are appended here. */
  logFile: string;
}

/** Starts a long-running process detached from us, output to a log file; returns its PID. */
export function startDaemon(command: string, args: readonly string[], opts: DaemonOptions): Promise<number> {
  const fd = openSync(opts.logFile, 'a');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env } as NodeJS.ProcessEnv,
      stdio: ['ignore', fd, fd],
      detached: true,
    });
    child.once('error', (e: NodeJS.ErrnoException) => {
      closeSync(fd);
      if (e.code === 'ENOENT') {
        reject(
          new AbortError(`${toolName(command)} is not installed`, { hint: installHints[toolName(command)] }),
        );
      } else reject(e);
    });
    child.once('spawn', () => {
      closeSync(fd);
      child.unref();
      resolve(child.pid ?? -1);
    });
  });
}

/** Runs a command with inherited stdio (for long builds whose progress the user should see). */
export function execInherit(
  command: string,
  args: readonly string[],
  opts: ExecOptions = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ENOENT'
        ? reject(
            new AbortError(`${toolName(command)} is not installed`, {
              hint: installHints[toolName(command)],
            }),
          )
        : reject(e),
    );
    child.on('close', (code) => resolve(code ?? -1));
  });
}
