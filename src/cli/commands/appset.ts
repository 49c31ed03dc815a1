// `driftless appset list|get|create|delete|generate` (generate: the Applications a file would produce, nothing written).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseAllDocuments } from 'yaml';
import type { Application, ApplicationSet } from '../../model/index.js';
import { clientFor, remoteAction, UsageError, withRemote, type RemoteFlags } from '../context-client.js';
import { newCommand, outputOption, printStructured, printTable, type OutputFormat } from '../output.js';

const FORMATS: OutputFormat[] = ['table', 'wide', 'json', 'yaml', 'name'];

function condition(set: ApplicationSet, type: string): string {
  const c = set.status?.conditions?.find((x) => x.type === type);
  return c ? c.status : '';
}

function printAppSets(items: ApplicationSet[], format: OutputFormat): void {
  if (format === 'json' || format === 'yaml') return printStructured(items, format);
  if (format === 'name')
    return void process.stdout.write(items.map((s) => `${s.metadata.name ?? ''}\n`).join(''));
  const wide = format === 'wide';
  printTable(
    ['NAME', 'PROJECT', 'SYNCPOLICY', 'APPLICATIONS', 'ERROR', ...(wide ? ['GENERATORS', 'MESSAGE'] : [])],
    items.map((s) => {
      const error = s.status?.conditions?.find((c) => c.type === 'ErrorOccurred');
      const row = [
        s.metadata.name ?? '',
        s.spec.template?.spec?.project || 'default',
        s.spec.syncPolicy?.applicationsSync ?? 'sync',
        String(s.status?.resources?.length ?? 0),
        condition(s, 'ErrorOccurred') || 'Unknown',
      ];
      const kinds = (s.spec.generators ?? []).map((g) =>
        Object.keys(g)
          .filter((k) => k !== 'selector')
          .join('+'),
      );
      return wide ? [...row, kinds.join(','), error?.status === 'True' ? error.message : ''] : row;
    }),
  );
}

function printApps(items: Application[], format: OutputFormat): void {
  if (format === 'json' || format === 'yaml') return printStructured(items, format);
  if (format === 'name') return void process.stdout.write(items.map((a) => `${a.metadata.name}\n`).join(''));
  printTable(
    ['NAME', 'PROJECT', 'SERVER', 'NAMESPACE', 'REPO', 'PATH', 'REVISION'],
    items.map((a) => [
      a.metadata.name,
      a.spec.project || 'default',
      a.spec.destination.server ?? a.spec.destination.name ?? '',
      a.spec.destination.namespace ?? '',
      a.spec.source?.repoURL ?? '',
      a.spec.source?.path ?? a.spec.source?.chart ?? '',
      a.spec.source?.targetRevision ?? 'HEAD',
    ]),
  );
}

/** The ApplicationSets in a YAML or JSON file ('-' is stdin); anything else in it is an error. */
export function readAppSets(file: string): ApplicationSet[] {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const docs = parseAllDocuments(text);
  const sets: ApplicationSet[] = [];
  for (const d of docs) {
    if (d.errors[0]) throw new UsageError(`${file}: ${d.errors[0].message}`);
    const v = d.toJS() as ApplicationSet | null;
    if (v === null) continue;
    if (v.kind !== 'ApplicationSet')
      throw new UsageError(`${file}: expected kind ApplicationSet, found ${String(v.kind)}`, {
        hint: 'the file must hold ApplicationSet documents (apiVersion: argoproj.io/v1alpha1)',
      });
    sets.push(v);
  }
  if (sets.length === 0) throw new UsageError(`${file} holds no ApplicationSet`);
  return sets;
}

type OutFlags = RemoteFlags & { output: OutputFormat };

export function appSetCommand(): Command {
  const cmd = newCommand('appset', 'manage ApplicationSets');
  cmd.addCommand(
    withRemote(newCommand('list', 'list ApplicationSets'))
      .alias('ls')
      .addOption(outputOption(FORMATS))
      .action(
        remoteAction(async (f: OutFlags) => printAppSets((await clientFor(f).listAppSets()).items, f.output)),
      ),
  );
  cmd.addCommand(
    withRemote(newCommand('get', 'show an ApplicationSet and the Applications it owns'))
      .argument('<name>', 'ApplicationSet name')
      .addOption(outputOption(FORMATS))
      .action(
        remoteAction(async (name: string, f: OutFlags) => {
          const client = clientFor(f);
          const set = await client.getAppSet(name);
          if (f.output === 'json' || f.output === 'yaml') return printStructured(set, f.output);
          printAppSets([set], f.output);
          process.stdout.write('\n');
          printApps((await client.appSetApplications(name)).items, f.output);
        }),
      ),
  );
  cmd.addCommand(
    withRemote(newCommand('create', 'create ApplicationSets from a file'))
      .argument('<file>', 'YAML or JSON file (- for stdin)')
      .option('--upsert', 'replace ApplicationSets that exist')
      .action(
        remoteAction(async (file: string, f: RemoteFlags & { upsert?: boolean }) => {
          for (const set of readAppSets(file)) {
            const made = await clientFor(f).createAppSet(set, f.upsert === true);
            process.stdout.write(`ApplicationSet '${made.metadata.name ?? ''}' created\n`);
          }
        }),
      ),
  );
  cmd.addCommand(
    withRemote(newCommand('delete', 'delete an ApplicationSet (its Applications are deleted with it)'))
      .argument('<name>', 'ApplicationSet name')
      .action(
        remoteAction(async (name: string, f: RemoteFlags) => {
          await clientFor(f).deleteAppSet(name);
          process.stdout.write(`ApplicationSet '${name}' deleted\n`);
        }),
      ),
  );
  cmd.addCommand(
    withRemote(
      newCommand('generate', 'show the Applications a file would generate (dry run, nothing written)'),
    )
      .argument('<file>', 'YAML or JSON file (- for stdin)')
      .addOption(outputOption(FORMATS))
      .action(
        remoteAction(async (file: string, f: OutFlags) => {
          const apps: Application[] = [];
          for (const set of readAppSets(file))
            apps.push(...(await clientFor(f).generateAppSet(set)).applications);
          printApps(apps, f.output);
        }),
      ),
  );
  return cmd;
}
