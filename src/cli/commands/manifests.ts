// `driftless manifests`: renders one source locally through the same RepoService the controller
// uses, and prints the objects as YAML or JSON.
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { cacheRoot } from '../../common/cache-root.js';
import { formatError } from '../../common/errors.js';
import type { ApplicationSource, HelmParameter } from '../../model/index.js';
import { RepoService } from '../../render/index.js';

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
  return source;
}

export function formatObjects(objects: readonly unknown[], output: 'yaml' | 'json'): string {
  if (output === 'json') return `${JSON.stringify(objects, null, 2)}\n`;
  return objects.map((o) => `---\n${stringify(o)}`).join('');
}

export function manifestsCommand(): Command {
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
      .option('--cache-dir <dir>', 'cache directory (default: $DRIFTLESS_CACHE/repo-service)')
      // Usage errors exit 2, render errors exit 1.
      .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
      .action(async (o: ManifestsOptions) => {
        const svc = new RepoService({ cacheDir: o.cacheDir ?? join(cacheRoot(), 'repo-service') });
        try {
          const source = sourceFromOptions(o);
          if (o.chart && source.path === '.') delete source.path;
          const res = await svc.render({
            appName: o.appName,
            appNamespace: 'argocd',
            source,
            destinationNamespace: o.namespace,
            kubeVersion: o.kubeVersion,
          });
          process.stdout.write(formatObjects(res.objects, o.output));
        } catch (e) {
          process.stderr.write(`${formatError(e)}\n`);
          process.exitCode = 1;
        }
      })
  );
}
