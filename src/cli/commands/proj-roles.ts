// `driftless proj role …` and `proj windows …`: project roles, their policies and tokens; sync windows.
import { Option, type Command } from 'commander';
import {
  clientFor,
  collect,
  remoteAction,
  UsageError,
  withRemote,
  type RemoteFlags,
} from '../context-client.js';
import { newCommand, printTable } from '../output.js';
import type { AppProjectSpec } from '../../model/index.js';
import type { ApiClient } from '../../server/api-client.js';

/** Reads a project, lets `change` edit its spec, and writes it back. */
export async function editProject(
  client: ApiClient,
  name: string,
  change: (spec: AppProjectSpec) => void,
): Promise<void> {
  const project = await client.getProject(name);
  const spec = structuredClone(project.spec);
  change(spec);
  await client.updateProject({ ...project, spec });
}

function roleCreate(): Command {
  return withRemote(newCommand('create', 'create a project role'))
    .argument('<project>')
    .argument('<role>')
    .option('--description <text>', 'description')
    .action(
      remoteAction(async (project: string, role: string, f: RemoteFlags & { description?: string }) => {
        await editProject(clientFor(f), project, (spec) => {
          if ((spec.roles ?? []).some((r) => r.name === role))
            throw new UsageError(`role ${role} already exists in ${project}`);
          spec.roles = [
            ...(spec.roles ?? []),
            { name: role, ...(f.description ? { description: f.description } : {}) },
          ];
        });
        process.stdout.write(`role '${role}' created in project '${project}'\n`);
      }),
    );
}

function roleDelete(): Command {
  return withRemote(newCommand('delete', 'delete a project role'))
    .argument('<project>')
    .argument('<role>')
    .action(
      remoteAction(async (project: string, role: string, f: RemoteFlags) => {
        await editProject(clientFor(f), project, (spec) => {
          if (!(spec.roles ?? []).some((r) => r.name === role))
            throw new UsageError(`${project} has no role ${role}`);
          spec.roles = (spec.roles ?? []).filter((r) => r.name !== role);
        });
        process.stdout.write(`role '${role}' deleted from project '${project}'\n`);
      }),
    );
}

function roleList(): Command {
  return withRemote(newCommand('list', 'list the roles of a project'))
    .argument('<project>')
    .action(
      remoteAction(async (project: string, f: RemoteFlags) => {
        const roles = (await clientFor(f).getProject(project)).spec.roles ?? [];
        printTable(
          ['ROLE', 'DESCRIPTION', 'POLICIES', 'TOKENS'],
          roles.map((r) => [
            r.name,
            r.description ?? '',
            String(r.policies?.length ?? 0),
            String(r.jwtTokens?.length ?? 0),
          ]),
        );
      }),
    );
}

interface PolicyFlags extends RemoteFlags {
  action: string;
  object: string;
  permission: 'allow' | 'deny';
}

function roleAddPolicy(): Command {
  return withRemote(newCommand('add-policy', 'grant a project role an action on applications of the project'))
    .argument('<project>')
    .argument('<role>')
    .requiredOption('-a, --action <action>', 'get, create, update, delete, sync, override, action')
    .option('-o, --object <app>', 'application name within the project (globs allowed)', '*')
    .addOption(
      new Option('-p, --permission <p>', 'allow or deny').choices(['allow', 'deny']).default('allow'),
    )
    .action(
      remoteAction(async (project: string, role: string, f: PolicyFlags) => {
        const line = `p, proj:${project}:${role}, applications, ${f.action}, ${project}/${f.object}, ${f.permission}`;
        await editProject(clientFor(f), project, (spec) => {
          const r = (spec.roles ?? []).find((x) => x.name === role);
          if (!r)
            throw new UsageError(`${project} has no role ${role}`, {
              hint: `create it: driftless proj role create ${project} ${role}`,
            });
          r.policies = [...(r.policies ?? []).filter((p) => p !== line), line];
        });
        process.stdout.write(`${line}\n`);
      }),
    );
}

function roleCreateToken(): Command {
  return withRemote(newCommand('create-token', 'create a token for a project role (printed once)'))
    .argument('<project>')
    .argument('<role>')
    .option('-e, --expires-in <seconds>', 'lifetime in seconds')
    .option('--id <id>', 'token id')
    .action(
      remoteAction(
        async (project: string, role: string, f: RemoteFlags & { expiresIn?: string; id?: string }) => {
          const token = await clientFor(f).createProjectToken(project, role, {
            ...(f.expiresIn ? { expiresIn: Number(f.expiresIn) } : {}),
            ...(f.id ? { id: f.id } : {}),
          });
          process.stdout.write(`${token}\n`);
        },
      ),
    );
}

export function projRoleCommand(): Command {
  return newCommand('role', 'manage project roles')
    .addCommand(roleCreate())
    .addCommand(roleDelete())
    .addCommand(roleList())
    .addCommand(roleAddPolicy())
    .addCommand(roleCreateToken());
}

interface WindowFlags extends RemoteFlags {
  kind: 'allow' | 'deny';
  schedule: string;
  duration: string;
  applications?: string[];
  namespaces?: string[];
  clusters?: string[];
  manualSync?: boolean;
  timeZone?: string;
}

function windowsAdd(): Command {
  return withRemote(newCommand('add', 'add a sync window'))
    .argument('<project>')
    .addOption(
      new Option('-k, --kind <kind>', 'allow or deny').choices(['allow', 'deny']).makeOptionMandatory(),
    )
    .requiredOption('--schedule <cron>', 'five-field cron, e.g. "0 22 * * *"')
    .requiredOption('--duration <d>', 'e.g. 1h, 30m')
    .option('--applications <glob>', 'applications it applies to (repeatable)', collect)
    .option('--namespaces <glob>', 'namespaces it applies to (repeatable)', collect)
    .option('--clusters <glob>', 'clusters it applies to (repeatable)', collect)
    .option('--manual-sync', 'let manual syncs through')
    .option('--time-zone <tz>', 'time zone of the schedule (default UTC)')
    .action(
      remoteAction(async (project: string, f: WindowFlags) => {
        await editProject(clientFor(f), project, (spec) => {
          spec.syncWindows = [
            ...(spec.syncWindows ?? []),
            {
              kind: f.kind,
              schedule: f.schedule,
              duration: f.duration,
              ...(f.applications ? { applications: f.applications } : {}),
              ...(f.namespaces ? { namespaces: f.namespaces } : {}),
              ...(f.clusters ? { clusters: f.clusters } : {}),
              ...(f.manualSync ? { manualSync: true } : {}),
              ...(f.timeZone ? { timeZone: f.timeZone } : {}),
            },
          ];
        });
        process.stdout.write(`sync window added to project '${project}'\n`);
      }),
    );
}

function windowsDelete(): Command {
  return withRemote(newCommand('delete', 'delete a sync window by its ID (see: proj windows list)'))
    .argument('<project>')
    .argument('<id>', 'window ID')
    .action(
      remoteAction(async (project: string, id: string, f: RemoteFlags) => {
        await editProject(clientFor(f), project, (spec) => {
          const i = Number(id);
          if (!Number.isInteger(i) || i < 0 || i >= (spec.syncWindows ?? []).length)
            throw new UsageError(`${project} has no sync window ${id}`, {
              hint: `list them: driftless proj windows list ${project}`,
            });
          spec.syncWindows = (spec.syncWindows ?? []).filter((_, j) => j !== i);
        });
        process.stdout.write(`sync window ${id} deleted from project '${project}'\n`);
      }),
    );
}

function windowsList(): Command {
  return withRemote(newCommand('list', 'list the sync windows of a project'))
    .argument('<project>')
    .action(
      remoteAction(async (project: string, f: RemoteFlags) => {
        const windows = (await clientFor(f).getProject(project)).spec.syncWindows ?? [];
        printTable(
          ['ID', 'KIND', 'SCHEDULE', 'DURATION', 'APPLICATIONS', 'NAMESPACES', 'CLUSTERS', 'MANUALSYNC'],
          windows.map((w, i) => [
            String(i),
            w.kind,
            w.schedule,
            w.duration,
            (w.applications ?? []).join(','),
            (w.namespaces ?? []).join(','),
            (w.clusters ?? []).join(','),
            w.manualSync ? 'yes' : 'no',
          ]),
        );
      }),
    );
}

export function projWindowsCommand(): Command {
  return newCommand('windows', 'manage sync windows')
    .addCommand(windowsAdd())
    .addCommand(windowsDelete())
    .addCommand(windowsList());
}
