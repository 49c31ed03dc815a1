// Confines render tools (jsonnet, helm, kustomize) with bubblewrap: a private mount namespace in which
// only the system directories, the tool, the checkout (read-only) and the render's scratch folder exist.
import { lstat, readlink, realpath } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { AbortError } from '../common/errors.js';
import { exec } from '../common/exec.js';
import { RenderError, type RenderTool } from './errors.js';

/**
 * `bwrap`: every tool runs confined (refused when the kernel cannot); `auto`: confined where the kernel
 * allows, else plain processes (for a repo server that holds no cluster credentials, ADR 0024);
 * `off`: tools run as plain processes.
 */
export type SandboxMode = 'bwrap' | 'auto' | 'off';

/** What a render tool runs in here: confined, or unconfined and why. */
export type SandboxState = { confined: true } | { confined: false; why: string };

export interface SandboxRequest {
  /** Absolute path of the executable. */
  command: string;
  args: readonly string[];
  cwd: string;
  /** Folders the tool may read (the checkout, declared caches). */
  readOnly: readonly string[];
  /** Folders the tool may write (the render's scratch folder). */
  writable: readonly string[];
  /** Network (kustomize remote bases only). */
  network: boolean;
  tool: RenderTool;
}

export interface SandboxedCommand {
  command: string;
  args: string[];
}

/** Top-level system folders: bound read-only when they are folders, recreated when they are symlinks (merged /usr). */
const SYSTEM = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64'];
/** What a tool with network access needs to resolve names and verify TLS. */
const NETWORK_FILES = [
  '/etc/resolv.conf',
  '/etc/hosts',
  '/etc/nsswitch.conf',
  '/etc/ssl',
  '/etc/ca-certificates',
];

export const SANDBOX_HINT =
  'install bubblewrap (apt-get install -y bubblewrap) on a kernel that allows user namespaces; ' +
  'only if every writer of every repository is trusted, start with --render-sandbox=off';

async function systemArgs(): Promise<string[]> {
  const out: string[] = [];
  for (const p of SYSTEM) {
    const st = await lstat(p).catch(() => undefined);
    if (!st) continue;
    if (st.isSymbolicLink()) out.push('--symlink', await readlink(p), p);
    else if (st.isDirectory()) out.push('--ro-bind', p, p);
  }
  return out;
}

export class RenderSandbox {
  private probed: Promise<string | undefined> | undefined;
  private system: Promise<string[]> | undefined;

  constructor(
    readonly mode: SandboxMode = 'bwrap',
    private readonly bwrap = 'bwrap',
  ) {}

  /** Undefined when confined runs work here, else why not (checked once). */
  unavailable(): Promise<string | undefined> {
    this.probed ??= this.probe();
    return this.probed;
  }

  private async probe(): Promise<string | undefined> {
    try {
      const sys = await this.systemArgs();
      const res = await exec(this.bwrap, [...this.base(sys, false), '--', '/bin/sh', '-c', 'exit 0'], {
        cleanEnv: true,
        timeoutMs: 20_000,
      });
      if (res.exitCode === 0) return undefined;
      return res.stderr.trim().split('\n').pop() || `bwrap exited with code ${res.exitCode}`;
    } catch (e) {
      return e instanceof AbortError ? e.message : String(e);
    }
  }

  private systemArgs(): Promise<string[]> {
    this.system ??= systemArgs();
    return this.system;
  }

  private base(sys: readonly string[], network: boolean): string[] {
    return [
      '--unshare-all',
      ...(network ? ['--share-net'] : []),
      '--die-with-parent',
      '--new-session',
      '--cap-drop',
      'ALL',
      ...sys,
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--tmpfs',
      '/tmp',
    ];
  }

  /** Whether tools will run confined (probing bwrap once); `bwrap` mode refuses rather than run unconfined. */
  async state(): Promise<SandboxState> {
    if (this.mode === 'off') return { confined: false, why: 'the render sandbox is off' };
    const why = await this.unavailable();
    return why ? { confined: false, why } : { confined: true };
  }

  /** The command line that runs `req` confined, or the plain one when the sandbox is off (or `auto` and unavailable). */
  async wrap(req: SandboxRequest): Promise<SandboxedCommand> {
    if (this.mode === 'off') return { command: req.command, args: [...req.args] };
    const why = await this.unavailable();
    if (why && this.mode === 'auto') return { command: req.command, args: [...req.args] };
    if (why)
      throw new RenderError(`the render sandbox is not available, so ${req.tool} was not run: ${why}`, {
        reason: 'SandboxUnavailable',
        tool: req.tool,
        hint: SANDBOX_HINT,
      });
    if (!isAbsolute(req.command)) return { command: req.command, args: [...req.args] };
    const tool = await realpath(req.command);
    const args = this.base(await this.systemArgs(), req.network);
    if (req.network) for (const f of NETWORK_FILES) args.push('--ro-bind-try', f, f);
    if (!SYSTEM.some((s) => tool.startsWith(`${s}/`))) args.push('--ro-bind', tool, tool);
    for (const p of req.readOnly) args.push('--ro-bind', p, p);
    for (const p of req.writable) args.push('--bind', p, p);
    args.push('--chdir', req.cwd, '--', tool, ...req.args);
    return { command: this.bwrap, args };
  }
}
