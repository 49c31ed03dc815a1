// `driftless manifests`: renders one source locally through the same RepoService the controller
// uses, and prints the objects as YAML or JSON.
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { cacheRoot } from '../../common/cache-root.js';
import { AbortError, formatError } from '../../common/errors.js';
import type { ApplicationSource, HelmParameter } from '../../model/index.js';
import { localCredentials } from './local-credentials.js';
import { RepoService, parseByteQuantity, type RenderLimits, type SandboxMode } from '../../render/index.js';

export interface ManifestsOptions {
  repo: string;
  revision?: string;
  path?: string;
  chart?: string;
  helmSet: string[];
  values: string[];
  output: 'yaml' | 'json';
  appName: string;
  namespace?: string;
  kubeVersion?: string;
  cacheDir?: string;
  recurse?: boolean;
  jsonnetTla?: string[];
  jsonnetTlaCode?: string[];
  jsonnetExtVar?: string[];
  jsonnetExtVarCode?: string[];
  jsonnetLibs?: string[];
  maxManifestsSize?: string;
  maxManifestFiles?: string;
  renderSandbox?: SandboxMode;
  sshKnownHosts?: string[];
  sshPrivateKeyPath?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A local folder is accepted for convenience and turned into a file:// URL. */
function repoURL(repo: string): string {
  return !repo.includes('://') && !repo.includes('@') && existsSync(repo)
    ? `file://${realpathSync(repo)}`
    : repo;
}

export function sourceFromOptions(o: ManifestsOptions): ApplicationSource {
  const source: ApplicationSource = { repoURL: repoURL(o.repo) };
  if (o.revision) source.targetRevision = o.revision;
  if (o.path) source.path = o.path;
  if (o.chart) source.chart = o.chart;
  if (o.helmSet.length || o.values.length) {
    const parameters: HelmParameter[] = o.helmSet.map((kv) => {
      const i = kv.indexOf('=');
      return { name: i < 0 ? kv : kv.slice(0, i), value: i < 0 ? '' : kv.slice(i + 1) };
    });
    source.helm = {
      ...(o.values.length ? { valueFiles: o.values } : {}),
      ...(parameters.length ? { parameters } : {}),
    };
  }
  const jsonnet = jsonnetFromOptions(o);
  if (jsonnet || o.recurse)
    source.directory = { ...(o.recurse ? { recurse: true } : {}), ...(jsonnet ? { jsonnet } : {}) };
  return source;
}

function nameValues(list: readonly string[] | undefined, code: boolean) {
  return (list ?? []).map((kv) => {
    const i = kv.indexOf('=');
    const v = { name: i < 0 ? kv : kv.slice(0, i), value: i < 0 ? '' : kv.slice(i + 1) };
    return code ? { ...v, code: true } : v;
  });
}

function jsonnetFromOptions(o: ManifestsOptions): NonNullable<ApplicationSource['directory']>['jsonnet'] {
  const tlas = [...nameValues(o.jsonnetTla, false), ...nameValues(o.jsonnetTlaCode, true)];
  const extVars = [...nameValues(o.jsonnetExtVar, false), ...nameValues(o.jsonnetExtVarCode, true)];
  const libs = o.jsonnetLibs ?? [];
  if (!tlas.length && !extVars.length && !libs.length) return undefined;
  return {
    ...(tlas.length ? { tlas } : {}),
    ...(extVars.length ? { extVars } : {}),
    ...(libs.length ? { libs } : {}),
  };
}

/** The limit flags as RenderLimits fields (only those given). */
export function limitsFromOptions(o: ManifestsOptions): Partial<RenderLimits> {
  const out: Partial<RenderLimits> = {};
  if (o.maxManifestsSize !== undefined) {
    const n = parseByteQuantity(o.maxManifestsSize);
    if (!n)
      throw new AbortError(
        `--max-manifests-size must be a size such as 10M or 20Mi, got "${o.maxManifestsSize}"`,
      );
    out.maxManifestBytes = n;
  }
  if (o.maxManifestFiles !== undefined) {
    const n = Number(o.maxManifestFiles);
    if (!Number.isInteger(n) || n <= 0)
      throw new AbortError(
        `--max-manifest-files must be a positive whole number, got "${o.maxManifestFiles}"`,
      );
    out.maxFiles = n;
  }
  return out;
}

export function formatObjects(objects: readonly unknown[], output: 'yaml' | 'json'): string {
  if (output === 'json') return `${JSON.stringify(objects, null, 2)}\n`;
  return objects.map((o) => `---\n${stringify(o)}`).join('');
}

/** Where the command writes; tests pass their own so that the test runner's own output is left alone. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  exitCode(code: number): void;
}

const processIO: CommandIO = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  exitCode: (c) => void (process.exitCode = c),
};

export function manifestsCommand(io: CommandIO = processIO): Command {
  return (
    new Command('manifests')
      .description('render an application source locally (no cluster needed) and print its objects')
      .requiredOption(
        '--repo <url>',
        'repository URL (https://, ssh://, git@host:path, file://) or a local folder',
      )
      .option('--revision <rev>', 'HEAD, branch, tag or commit SHA (for --chart: the chart version)', 'HEAD')
      .option('--path <path>', 'path inside the repository', '.')
      .option('--chart <name>', 'chart name, when --repo is a Helm chart repository')
      .option('--helm-set <key=value>', 'helm parameter (repeatable)', collect, [])
      .option('--values <file>', 'helm value file, relative to --path (repeatable)', collect, [])
      .addOption(
        new Option('-o, --output <format>', 'output format').choices(['yaml', 'json']).default('yaml'),
      )
      .option('--app-name <name>', 'application name (helm release name, ARGOCD_APP_NAME)', 'local')
      .option('--namespace <ns>', 'destination namespace')
      .option('--kube-version <v>', 'Kubernetes version to render for (helm --kube-version)')
      .option(
        '--ssh-known-hosts <file>',
        'known_hosts file for ssh repositories (repeatable; default: ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts)',
        collect,
        [],
      )
      .option('--ssh-private-key-path <file>', 'private key for an ssh repository')
      .option('--cache-dir <dir>', 'cache directory (default: $DRIFTLESS_CACHE/repo-service)')
      .option('--recurse', 'read manifests in sub-folders too (directory.recurse)')
      .option('--jsonnet-tla <name=value>', 'Jsonnet top-level argument, string (repeatable)', collect, [])
      .option('--jsonnet-tla-code <name=code>', 'Jsonnet top-level argument, code (repeatable)', collect, [])
      .option('--jsonnet-ext-var <name=value>', 'Jsonnet external variable, string (repeatable)', collect, [])
      .option(
        '--jsonnet-ext-var-code <name=code>',
        'Jsonnet external variable, code (repeatable)',
        collect,
        [],
      )
      .option('--jsonnet-libs <path>', 'Jsonnet library path in the repository (repeatable)', collect, [])
      .option('--max-manifests-size <size>', 'combined manifest size limit (default 10M)')
      .option('--max-manifest-files <n>', 'manifest file count limit (default 10000)')
      .addOption(
        new Option('--render-sandbox <mode>', 'confine render tools (off: only for trusted repositories)')
          .choices(['bwrap', 'off'])
          .default('bwrap'),
      )
      // Usage errors exit 2, render errors exit 1.
      .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
      .action(async (o: ManifestsOptions) => {
        try {
          const svc = new RepoService({
            cacheDir: o.cacheDir ?? join(cacheRoot(), 'repo-service'),
            limits: limitsFromOptions(o),
            sandbox: o.renderSandbox ?? 'bwrap',
            credentials: await localCredentials({
              repoURL: o.repo,
              sshKnownHosts: o.sshKnownHosts,
              sshPrivateKeyPath: o.sshPrivateKeyPath,
            }),
          });
          const source = sourceFromOptions(o);
          if (o.chart && source.path === '.') delete source.path;
          const res = await svc.render({
            appName: o.appName,
            appNamespace: 'argocd',
            source,
            destinationNamespace: o.namespace,
            kubeVersion: o.kubeVersion,
          });
          io.out(formatObjects(res.objects, o.output));
        } catch (e) {
          io.err(`${formatError(e)}\n`);
          io.exitCode(1);
        }
      })
  );
}
