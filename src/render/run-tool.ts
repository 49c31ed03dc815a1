// Runs a render tool with the build environment and a timeout, and turns its failure into a
// RenderError carrying the tool's own message and, when it names one, the file and line.
import { exec, redactText } from '../common/exec.js';
import { AbortError, ExternalError } from '../common/errors.js';
import { RenderError, type RenderErrorReason, type RenderTool } from './errors.js';
import { formatBytes, LIMIT_SETTINGS, limitExceeded, spendBytes } from './limits.js';
import type { ToolName } from './tools.js';
import type { ToolContext } from './types.js';

export interface RunToolOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Written to the tool's stdin (e.g. a password for --password-stdin). */
  input?: string | undefined;
  hint: string;
  /** Folders besides the checkout and workDir the tool may read (declared caches). */
  readOnly?: readonly string[];
  /** Folders besides workDir the tool may write (a per-command secret folder). */
  writable?: readonly string[];
  /** The tool needs the network (kustomize remote bases). */
  network?: boolean;
  /** The error message from the tool's own (default: `<tool> failed: <message>`). */
  describe?: (toolMessage: string) => string;
  reason?: RenderErrorReason;
}

/** Proxy settings are passed through to tools that may use the network; nothing else of ours is. */
const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];

/**
 * The tool's whole environment: no variable of the server (credentials, kubeconfig paths) reaches it but
 * the proxy settings, which the command's own (a repository's proxy) override.
 */
function toolEnv(ctx: ToolContext, opts: RunToolOptions): Record<string, string> {
  const env: Record<string, string> = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: ctx.workDir,
    TMPDIR: '/tmp',
    ...ctx.env,
  };
  if (opts.network)
    for (const k of PROXY_VARS) {
      const v = process.env[k];
      if (v) env[k] = v;
    }
  return { ...env, ...opts.env };
}

const installHints: Record<ToolName, string> = {
  helm: 'build it with scripts/build-tools.sh helm, set DRIFTLESS_HELM, or put helm on PATH',
  kustomize: 'build it with scripts/build-tools.sh kustomize, set DRIFTLESS_KUSTOMIZE, or install kubectl',
  jsonnet: "install Debian's jsonnet (apt-get install -y jsonnet) or set DRIFTLESS_JSONNET",
  sops: 'build it with scripts/build-tools.sh sops, set DRIFTLESS_SOPS, or put sops on PATH',
};

/** Finds `path:line` in a tool's message (helm: `file.yaml:12:3`, jsonnet: `file.jsonnet:3:5-9`). */
export function locateInMessage(message: string, repoRoot: string): { file?: string; line?: number } {
  const re =
    /((?:\/|[\w.-]+\/)?[\w./-]*\.(?:jsonnet|libsonnet|ya?ml|json|tpl))\b(?:[:(]\s*(?:line\s*)?(\d+))?/g;
  for (const m of message.matchAll(re)) {
    const file = (m[1] ?? '').replace(`${repoRoot}/`, '');
    if (!file) continue;
    return m[2] ? { file, line: Number(m[2]) } : { file };
  }
  return {};
}

/** The lines that say what went wrong: from an `Error:` line up to any usage text, else the last three. */
export function toolMessage(lines: readonly string[]): string {
  const at = lines.findIndex((l) => /^error:/i.test(l.trim()));
  if (at < 0) return lines.slice(-3).join(' | ');
  const usage = lines.findIndex((l, i) => i > at && /^(usage|flags|global flags):/i.test(l.trim()));
  return lines
    .slice(at, usage < 0 ? undefined : usage)
    .slice(0, 3)
    .join(' | ');
}

export async function runTool(
  ctx: ToolContext,
  tool: ToolName,
  args: readonly string[],
  opts: RunToolOptions,
): Promise<string> {
  const { command, prefixArgs } = ctx.tools.locate(tool);
  return runProgram(
    ctx,
    { name: tool, tool, command, args: [...prefixArgs, ...args] },
    opts,
    installHints[tool],
  );
}

/** What runProgram starts: the executable (absolute, or a bare name reported as not installed), and who it is. */
export interface Program {
  /** How messages name it (`helm`, `plugin my-cmp`). */
  name: string;
  tool: RenderTool;
  command: string;
  args: readonly string[];
}

/** Runs any render program (a tool, a plugin's command) confined, with the limits of the render. */
export async function runProgram(
  ctx: ToolContext,
  program: Program,
  opts: RunToolOptions & { redact?: readonly string[] },
  installHint: string,
): Promise<string> {
  const { name, tool: renderTool } = program;
  const cwd = opts.cwd ?? ctx.appDir;
  const run = await ctx.sandbox.wrap({
    command: program.command,
    args: program.args,
    cwd,
    readOnly: [ctx.repoRoot, ...(opts.readOnly ?? [])],
    writable: [ctx.workDir, ...(opts.writable ?? [])],
    network: opts.network ?? false,
    tool: renderTool,
  });
  const room = ctx.limits.maxManifestBytes - ctx.budget.bytes;
  ctx.onSpawn();
  try {
    const res = await exec(run.command, run.args, {
      cwd,
      env: toolEnv(ctx, opts),
      cleanEnv: true,
      timeoutMs: ctx.timeoutMs,
      maxOutputBytes: Math.max(room, 0),
      ...(opts.input !== undefined ? { input: opts.input } : {}),
    });
    if (res.exitCode === 0) {
      spendBytes(ctx.budget, ctx.limits, Buffer.byteLength(res.stdout), { tool: renderTool });
      return res.stdout;
    }
    const stderr = redactText(
      res.stderr.split(`${ctx.workDir}/`).join('').split(`${ctx.repoRoot}/`).join('').trim(),
      opts.redact,
    );
    const lines = stderr.split('\n').filter((l) => l.trim() && !/^(WARNING|# Warning)/i.test(l));
    const msg = toolMessage(lines) || `exit code ${res.exitCode}`;
    const loc = locateInMessage(msg, ctx.repoRoot);
    throw new RenderError(opts.describe ? opts.describe(msg) : `${name} failed: ${msg}`, {
      reason: opts.reason ?? 'ToolFailed',
      tool: renderTool,
      file: loc.file,
      line: loc.line,
      hint: opts.hint,
    });
  } catch (e) {
    if (e instanceof RenderError) throw e;
    if (e instanceof ExternalError && e.timedOut) {
      const s = LIMIT_SETTINGS.renderTimeoutMs;
      throw new RenderError(`${name} timed out after ${Math.round(ctx.timeoutMs / 1000)}s and was killed`, {
        reason: 'Timeout',
        tool: renderTool,
        hint: `simplify the source, or raise the render time limit: ${s.key} or ${s.flag}`,
        cause: e,
      });
    }
    if (e instanceof ExternalError && /more than \d+ bytes of output/.test(e.message))
      throw limitExceeded(
        'maxManifestBytes',
        `${name} printed more than the ${formatBytes(ctx.limits.maxManifestBytes)} of manifests allowed`,
        { tool: renderTool },
      );
    if (e instanceof AbortError && /not installed/.test(e.message)) {
      throw new RenderError(`${name} is not installed`, {
        reason: 'ToolMissing',
        tool: renderTool,
        hint: installHint,
        cause: e,
      });
    }
    throw e;
  }
}
