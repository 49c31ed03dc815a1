// `app actions list|run`, `app delete-resource`, `app patch-resource`: day-2 changes to resources of an app.
import { Option, type Command } from 'commander';
import type { ResourceStatus } from '../../model/index.js';
import type { ApiClient, ResourceQuery } from '../../server/api-client.js';
import {
  clientFor,
  collect,
  remoteAction,
  UsageError,
  withRemote,
  type RemoteFlags,
} from '../context-client.js';
import { newCommand, printTable } from '../output.js';
import { resourceLabel } from './app-resource-arg.js';

interface FilterFlags extends RemoteFlags {
  group?: string;
  kind?: string;
  resourceName?: string;
  namespace?: string;
  all?: boolean;
}

function withFilters(cmd: Command, kindRequired: boolean): Command {
  return cmd
    .option('--group <group>', 'API group of the resource (empty: core)')
    .option('--kind <kind>', `kind of the resource${kindRequired ? ' (required)' : ''}`)
    .option('--resource-name <name>', 'name of the resource')
    .option('--namespace <ns>', 'namespace of the resource');
}

/** Resources Git declares for the app that match the flags (Argo CD runs actions on those only). */
async function matching(client: ApiClient, app: string, f: FilterFlags): Promise<ResourceStatus[]> {
  const a = await client.getApplication(app);
  return (a.status?.resources ?? []).filter(
    (r) =>
      (f.group === undefined || r.group === f.group) &&
      (f.kind === undefined || r.kind === f.kind) &&
      (f.resourceName === undefined || r.name === f.resourceName) &&
      (f.namespace === undefined || (r.namespace ?? '') === f.namespace),
  );
}

/** Exactly one match, or every match with --all; none, or several without --all, is a usage error. */
async function targets(client: ApiClient, app: string, f: FilterFlags): Promise<ResourceQuery[]> {
  if (!f.kind)
    throw new UsageError('--kind is required', { hint: 'e.g. --kind Deployment --resource-name web' });
  const found = await matching(client, app, f);
  if (found.length === 0)
    throw new UsageError(`no resource of ${app} matches`, {
      hint: `list them: driftless app resources ${app}`,
    });
  if (found.length > 1 && !f.all)
    throw new UsageError(
      `${found.length} resources of ${app} match: ${found.map(resourceLabel).join(', ')}`,
      {
        hint: 'narrow with --resource-name/--namespace/--group, or pass --all',
      },
    );
  return found.map((r) => ({
    group: r.group,
    kind: r.kind,
    resourceName: r.name,
    ...(r.namespace ? { namespace: r.namespace } : {}),
  }));
}

const labelOf = (r: ResourceQuery) => resourceLabel({ ...r, name: r.resourceName });

function parseParam(value: string, previous: string[] = []): string[] {
  if (!value.includes('=')) throw new UsageError(`--param ${value}: use NAME=VALUE`);
  return collect(value, previous);
}

function actionsListCommand(): Command {
  return withFilters(
    withRemote(newCommand('list', 'list the actions offered on resources of an application')),
    false,
  )
    .argument('<app>', 'application name')
    .action(
      remoteAction(async (app: string, f: FilterFlags) => {
        const client = clientFor(f);
        const rows: string[][] = [];
        for (const r of await matching(client, app, f)) {
          const q = {
            group: r.group,
            kind: r.kind,
            resourceName: r.name,
            ...(r.namespace ? { namespace: r.namespace } : {}),
          };
          for (const a of await client.resourceActions(app, q))
            rows.push([r.group, r.kind, r.name, a.name, a.disabled ? 'true' : 'false']);
        }
        printTable(['GROUP', 'KIND', 'NAME', 'ACTION', 'DISABLED'], rows);
      }),
    );
}

function actionsRunCommand(): Command {
  return withFilters(withRemote(newCommand('run', 'run an action on resources of an application')), true)
    .argument('<app>', 'application name')
    .argument('<action>', 'action name, e.g. restart')
    .option('--all', 'run it on every matching resource')
    .option('--param <name=value>', 'action parameter (repeatable), e.g. --param replicas=3', parseParam)
    .action(
      remoteAction(async (app: string, action: string, f: FilterFlags & { param?: string[] }) => {
        const client = clientFor(f);
        const params = (f.param ?? []).map((p) => ({
          name: p.slice(0, p.indexOf('=')),
          value: p.slice(p.indexOf('=') + 1),
        }));
        for (const r of await targets(client, app, f)) {
          await client.runResourceAction(app, r, action, params);
          process.stdout.write(`${action}: ${labelOf(r)}\n`);
        }
      }),
    );
}

export function appActionsCommand(): Command {
  return newCommand(
    'actions',
    'list and run resource actions (restart, scale, suspend, Lua actions of argocd-cm)',
  )
    .addCommand(actionsListCommand())
    .addCommand(actionsRunCommand());
}

export function appDeleteResourceCommand(): Command {
  return withFilters(
    withRemote(newCommand('delete-resource', 'delete resources of an application from the cluster')),
    true,
  )
    .argument('<app>', 'application name')
    .option('--all', 'delete every matching resource')
    .option('--force', 'delete at once (grace period 0)')
    .option('--orphan', 'keep its dependents (e.g. a Deployment’s ReplicaSets and Pods)')
    .action(
      remoteAction(async (app: string, f: FilterFlags & { force?: boolean; orphan?: boolean }) => {
        const client = clientFor(f);
        for (const r of await targets(client, app, f)) {
          await client.deleteResource(app, r, { force: f.force ?? false, orphan: f.orphan ?? false });
          process.stdout.write(`deleted ${labelOf(r)}\n`);
        }
      }),
    );
}

export function appPatchResourceCommand(): Command {
  return withFilters(
    withRemote(newCommand('patch-resource', 'patch resources of an application in the cluster')),
    true,
  )
    .argument('<app>', 'application name')
    .requiredOption('--patch <json>', 'the patch, e.g. \'{"spec":{"replicas":2}}\'')
    .addOption(
      new Option('--patch-type <type>', 'patch strategy')
        .choices([
          'application/merge-patch+json',
          'application/json-patch+json',
          'application/strategic-merge-patch+json',
        ])
        .default('application/merge-patch+json'),
    )
    .option('--all', 'patch every matching resource')
    .action(
      remoteAction(async (app: string, f: FilterFlags & { patch: string; patchType: string }) => {
        const client = clientFor(f);
        for (const r of await targets(client, app, f)) {
          await client.patchResource(app, r, f.patch, f.patchType);
          process.stdout.write(`patched ${labelOf(r)}\n`);
        }
      }),
    );
}
