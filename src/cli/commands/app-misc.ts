// `app delete`, `app manifests`, `app resources` and `app terminate-op`.
import { Option, type Command } from 'commander';
import { stringify } from 'yaml';
import {
  clientFor,
  parseBool,
  remoteAction,
  UsageError,
  withRemote,
  type RemoteFlags,
} from '../context-client.js';
import { EXIT, newCommand, outputOption, printStructured, printTable, type OutputFormat } from '../output.js';
import { isStructured, RESOURCE_HEADERS, resourceRow } from './app-view.js';
import { resourceLabel } from './app-resource-arg.js';
import { confirm } from './login-prompt.js';
import {
  pinsRevisions,
  sourceRevisionQuery,
  withSourceRevisionFlags,
  type SourceRevisionFlags,
} from './source-revision-flags.js';

interface DeleteFlags extends RemoteFlags {
  cascade: boolean;
  propagationPolicy?: 'foreground' | 'background';
  yes?: boolean;
}

export function appDeleteCommand(): Command {
  return withRemote(newCommand('delete', 'delete an application (and, by default, the resources it manages)'))
    .argument('<name>', 'application name')
    .addOption(
      new Option('--cascade [bool]', 'also delete the managed resources').argParser(parseBool).default(true),
    )
    .addOption(
      new Option('--propagation-policy <policy>', 'how resources are deleted').choices([
        'foreground',
        'background',
      ]),
    )
    .option('-y, --yes', 'do not ask for confirmation')
    .action(
      remoteAction(async (name: string, f: DeleteFlags) => {
        if (!f.yes) {
          if (!process.stdin.isTTY)
            throw new UsageError(`refusing to delete ${name} without confirmation: stdin is not a terminal`, {
              hint: `pass --yes: driftless app delete ${name} --yes`,
            });
          const what = f.cascade
            ? `application ${name} and the resources it manages`
            : `application ${name} (resources are kept)`;
          if (!(await confirm(`Delete ${what}?`))) {
            process.stderr.write('not deleted\n');
            return EXIT.failure;
          }
        }
        await clientFor(f).deleteApplication(name, {
          cascade: f.cascade,
          ...(f.propagationPolicy ? { propagationPolicy: f.propagationPolicy } : {}),
        });
        process.stdout.write(`application '${name}' deleted\n`);
      }),
    );
}

interface ManifestsFlags extends RemoteFlags, SourceRevisionFlags {
  source: 'git' | 'live';
}

export function appManifestsCommand(): Command {
  const cmd = withRemote(
    newCommand('manifests', 'print the manifests of an application, as rendered from Git or as live'),
  )
    .argument('<name>', 'application name')
    .addOption(
      new Option('--source <source>', 'git (rendered target) or live (in the cluster)')
        .choices(['git', 'live'])
        .default('git'),
    );
  return withSourceRevisionFlags(cmd, 'with --source git: render this revision (single-source apps)').action(
    remoteAction(async (name: string, f: ManifestsFlags) => {
      const client = clientFor(f);
      if (f.source === 'git') {
        const { manifests } = await client.manifests(name, sourceRevisionQuery(f));
        const docs = manifests.map((m) => stringify(JSON.parse(m) as unknown));
        return void process.stdout.write(docs.map((d) => `---\n${d}`).join(''));
      }
      if (pinsRevisions(f))
        throw new UsageError('--revision, --source-positions and --revisions only go with --source git');
      const { items } = await client.managedResources(name);
      const live = items.map((r) => JSON.parse(r.liveState || 'null') as unknown).filter((o) => o !== null);
      process.stdout.write(live.map((o) => `---\n${stringify(o)}`).join(''));
    }),
  );
}

export function appResourcesCommand(): Command {
  return withRemote(
    newCommand('resources', 'list the resources of an application with their sync and health'),
  )
    .argument('<name>', 'application name')
    .addOption(outputOption(['table', 'wide', 'json', 'yaml', 'name']))
    .action(
      remoteAction(async (name: string, f: RemoteFlags & { output: OutputFormat }) => {
        const resources = (await clientFor(f).getApplication(name)).status?.resources ?? [];
        if (isStructured(f.output)) return printStructured(resources, f.output);
        if (f.output === 'name')
          return void process.stdout.write(resources.map((r) => `${resourceLabel(r)}\n`).join(''));
        const wide = f.output === 'wide';
        printTable(
          wide ? [...RESOURCE_HEADERS, 'PRUNE', 'MESSAGE'] : RESOURCE_HEADERS,
          resources.map((r) => resourceRow(r, wide)),
        );
      }),
    );
}

export function appTerminateOpCommand(): Command {
  return withRemote(
    newCommand('terminate-op', 'stop the running operation (sync or rollback) of an application'),
  )
    .argument('<name>', 'application name')
    .action(
      remoteAction(async (name: string, f: RemoteFlags) => {
        await clientFor(f).terminateOperation(name);
        process.stdout.write(`operation of '${name}' is terminating\n`);
      }),
    );
}
