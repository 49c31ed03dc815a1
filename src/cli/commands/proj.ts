// `driftless proj create|get|list|delete|add-destination|add-source` (roles and windows in proj-roles.ts).
import type { Command } from 'commander';
import type { AppProject, AppProjectSpec } from '../../model/index.js';
import { API_VERSION } from '../../model/index.js';
import {
  clientFor,
  collect,
  remoteAction,
  UsageError,
  withRemote,
  type RemoteFlags,
} from '../context-client.js';
import { newCommand, outputOption, printStructured, printTable, type OutputFormat } from '../output.js';
import { editProject, projRoleCommand, projWindowsCommand } from './proj-roles.js';

const FORMATS: OutputFormat[] = ['table', 'wide', 'json', 'yaml', 'name'];

/** `server,namespace` as argocd's --dest takes it. */
export function parseDestination(arg: string): { server: string; namespace: string } {
  const [server, namespace, ...rest] = arg.split(',');
  if (!server || namespace === undefined || rest.length > 0)
    throw new UsageError(`invalid --dest "${arg}"`, {
      hint: 'use SERVER,NAMESPACE, e.g. https://kubernetes.default.svc,guestbook',
    });
  return { server, namespace };
}

export function projectRow(p: AppProject, wide: boolean): string[] {
  const s = p.spec;
  const row = [
    p.metadata.name,
    s.description ?? '',
    (s.destinations ?? []).map((d) => `${d.name ?? d.server ?? ''},${d.namespace ?? ''}`).join(' ') ||
      '<none>',
    (s.sourceRepos ?? []).join(' ') || '<none>',
  ];
  return wide ? [...row, String(s.roles?.length ?? 0), String(s.syncWindows?.length ?? 0)] : row;
}

function printProjects(items: AppProject[], format: OutputFormat): void {
  if (format === 'json' || format === 'yaml') return printStructured(items, format);
  if (format === 'name') return void process.stdout.write(items.map((p) => `${p.metadata.name}\n`).join(''));
  const wide = format === 'wide';
  printTable(
    ['NAME', 'DESCRIPTION', 'DESTINATIONS', 'SOURCES', ...(wide ? ['ROLES', 'WINDOWS'] : [])],
    items.map((p) => projectRow(p, wide)),
  );
}

interface CreateFlags extends RemoteFlags {
  description?: string;
  src?: string[];
  dest?: string[];
  upsert?: boolean;
}

function projCreate(): Command {
  return withRemote(newCommand('create', 'create a project'))
    .argument('<name>', 'project name')
    .option('-d, --description <text>', 'description')
    .option('-s, --src <repo>', 'permitted source repository (repeatable; * for any)', collect)
    .option('--dest <server,namespace>', 'permitted destination (repeatable)', collect)
    .option('--upsert', 'replace an existing project of the same name')
    .action(
      remoteAction(async (name: string, f: CreateFlags) => {
        const spec: AppProjectSpec = {
          ...(f.description ? { description: f.description } : {}),
          sourceRepos: f.src ?? [],
          destinations: (f.dest ?? []).map(parseDestination),
        };
        await clientFor(f).createProject(
          { apiVersion: API_VERSION, kind: 'AppProject', metadata: { name }, spec },
          f.upsert === true,
        );
        process.stdout.write(`project '${name}' created\n`);
      }),
    );
}

function projGet(): Command {
  return withRemote(newCommand('get', 'show a project'))
    .argument('<name>', 'project name')
    .addOption(outputOption(FORMATS))
    .action(
      remoteAction(async (name: string, f: RemoteFlags & { output: OutputFormat }) => {
        printProjects([await clientFor(f).getProject(name)], f.output);
      }),
    );
}

function projList(): Command {
  return withRemote(newCommand('list', 'list projects'))
    .alias('ls')
    .addOption(outputOption(FORMATS))
    .action(
      remoteAction(async (f: RemoteFlags & { output: OutputFormat }) => {
        printProjects((await clientFor(f).listProjects()).items, f.output);
      }),
    );
}

function projDelete(): Command {
  return withRemote(newCommand('delete', 'delete a project (refused while applications use it)'))
    .argument('<name>', 'project name')
    .action(
      remoteAction(async (name: string, f: RemoteFlags) => {
        await clientFor(f).deleteProject(name);
        process.stdout.write(`project '${name}' deleted\n`);
      }),
    );
}

function projAddDestination(): Command {
  return withRemote(newCommand('add-destination', 'permit a destination cluster and namespace'))
    .argument('<project>', 'project name')
    .argument('<server>', 'cluster API URL (or name with --name)')
    .argument('<namespace>', 'namespace (globs allowed)')
    .option('--name', 'SERVER is a cluster name')
    .action(
      remoteAction(
        async (project: string, server: string, namespace: string, f: RemoteFlags & { name?: boolean }) => {
          const dest = f.name ? { name: server, namespace } : { server, namespace };
          await editProject(clientFor(f), project, (spec) => {
            const same = (spec.destinations ?? []).some(
              (d) =>
                d.server === dest.server &&
                d.name === (f.name ? server : undefined) &&
                d.namespace === namespace,
            );
            if (same) throw new UsageError(`${project} already permits ${server},${namespace}`);
            spec.destinations = [...(spec.destinations ?? []), dest];
          });
          process.stdout.write(`project '${project}' permits ${server},${namespace}\n`);
        },
      ),
    );
}

function projAddSource(): Command {
  return withRemote(newCommand('add-source', 'permit a source repository'))
    .argument('<project>', 'project name')
    .argument('<repo>', 'repository URL (globs allowed)')
    .action(
      remoteAction(async (project: string, repo: string, f: RemoteFlags) => {
        await editProject(clientFor(f), project, (spec) => {
          if ((spec.sourceRepos ?? []).includes(repo))
            throw new UsageError(`${project} already permits ${repo}`);
          spec.sourceRepos = [...(spec.sourceRepos ?? []), repo];
        });
        process.stdout.write(`project '${project}' permits ${repo}\n`);
      }),
    );
}

export function projCommand(): Command {
  return newCommand('proj', 'manage projects: permitted sources, destinations, roles and sync windows')
    .addCommand(projCreate())
    .addCommand(projGet())
    .addCommand(projList())
    .addCommand(projDelete())
    .addCommand(projAddDestination())
    .addCommand(projAddSource())
    .addCommand(projRoleCommand())
    .addCommand(projWindowsCommand());
}
