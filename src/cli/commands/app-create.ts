// `app create`, `app set` and `app unset`: an Application from flags or a file, and changes to its spec.
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { parseAllDocuments } from 'yaml';
import { AbortError } from '../../common/errors.js';
import type { Application } from '../../model/index.js';
import {
  clientFor,
  collect,
  parseBool,
  remoteAction,
  UsageError,
  withRemote,
  type RemoteFlags,
} from '../context-client.js';
import { newCommand, outputOption, type OutputFormat } from '../output.js';
import { printApps } from './app-list.js';
import {
  applySet,
  applyUnset,
  buildApplication,
  withSourcePick,
  type SpecFlags,
  type UnsetFlags,
} from './app-spec.js';

interface CreateFlags extends RemoteFlags, Omit<SpecFlags, 'valuesLiteral'> {
  file?: string;
  upsert?: boolean;
  valuesLiteralFile?: string;
  output: OutputFormat;
}

/** The spec flags `app create` and `app set` share. */
function withSpecFlags(cmd: Command): Command {
  return cmd
    .option('--repo <url>', 'Git (or Helm) repository URL')
    .option('--path <path>', 'directory of the app in the repository')
    .option('--revision <rev>', 'branch, tag or commit to follow (default HEAD)')
    .option('--dest-server <url>', 'destination cluster API URL, e.g. https://kubernetes.default.svc')
    .option('--dest-name <name>', 'destination cluster name (instead of --dest-server)')
    .option('--dest-namespace <ns>', 'destination namespace')
    .option('--project <name>', 'project (default: default)')
    .addOption(
      new Option('--sync-policy <policy>', 'automated or none').choices([
        'automated',
        'auto',
        'none',
        'manual',
      ]),
    )
    .addOption(
      new Option('--auto-prune [bool]', 'with automated sync: delete what left Git').argParser(parseBool),
    )
    .addOption(
      new Option('--self-heal [bool]', 'with automated sync: revert drift in the cluster').argParser(
        parseBool,
      ),
    )
    .option('--sync-option <K=V>', 'sync option, e.g. CreateNamespace=true (repeatable)', collect)
    .option('--helm-set <k=v>', 'Helm parameter (repeatable)', collect)
    .option('--values <file>', 'Helm values file in the repository (repeatable)', collect)
    .option('--values-literal-file <file>', 'local file whose contents become the Helm values');
}

function specFlags(f: CreateFlags): SpecFlags {
  const {
    file: _f,
    upsert: _u,
    valuesLiteralFile,
    output: _o,
    server: _s,
    authToken: _a,
    context: _c,
    ...spec
  } = f;
  return valuesLiteralFile === undefined ? spec : { ...spec, valuesLiteral: readLocal(valuesLiteralFile) };
}

export function appCreateCommand(): Command {
  return withSpecFlags(withRemote(newCommand('create', 'create an application from flags or from a file')))
    .argument('[name]', 'application name (not with -f)')
    .option('-f, --file <file>', 'Application manifest(s), YAML or JSON')
    .option('--upsert', 'replace an existing application of the same name')
    .addOption(outputOption(['table', 'wide', 'json', 'yaml', 'name']))
    .action(
      remoteAction(async (name: string | undefined, f: CreateFlags) => {
        if (f.file && name) throw new UsageError('give either a NAME with flags or -f FILE, not both');
        if (!f.file && !name) throw new UsageError('app create needs a NAME or -f FILE');
        const apps = f.file ? readApplications(f.file) : [buildApplication(name ?? '', specFlags(f))];
        const client = clientFor(f);
        const created: Application[] = [];
        for (const app of apps) created.push(await client.createApplication(app, f.upsert === true));
        if (f.output === 'table') {
          for (const a of created) process.stdout.write(`application '${a.metadata.name}' created\n`);
        } else printApps(created, f.output);
      }),
    );
}

export function appSetCommand(): Command {
  return withSourcePick(withSpecFlags(withRemote(newCommand('set', 'change settings of an application'))))
    .argument('<name>', 'application name')
    .action(
      remoteAction(async (name: string, f: CreateFlags) => {
        const client = clientFor(f);
        const app = await client.getApplication(name);
        await client.updateApplication({ ...app, spec: applySet(app.spec, specFlags(f)) });
        process.stdout.write(`application '${name}' updated\n`);
      }),
    );
}

interface UnsetCliFlags extends RemoteFlags, UnsetFlags {}

export function appUnsetCommand(): Command {
  return withSourcePick(withRemote(newCommand('unset', 'remove settings of an application')))
    .argument('<name>', 'application name')
    .option('--sync-policy', 'turn automated sync off')
    .option('--auto-prune', 'stop pruning automatically')
    .option('--self-heal', 'stop reverting drift automatically')
    .option('--sync-option <K>', 'remove a sync option by key (repeatable)', collect)
    .option('--helm-set <name>', 'remove a Helm parameter (repeatable)', collect)
    .option('--values <file>', 'remove a Helm values file (repeatable)', collect)
    .option('--values-literal', 'remove the inline Helm values')
    .action(
      remoteAction(async (name: string, f: UnsetCliFlags) => {
        const client = clientFor(f);
        const app = await client.getApplication(name);
        await client.updateApplication({ ...app, spec: applyUnset(app.spec, f) });
        process.stdout.write(`application '${name}' updated\n`);
      }),
    );
}

function readLocal(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new AbortError(`cannot read ${path}`, { hint: 'check the path', cause: e });
  }
}

/** Every Application document in a YAML/JSON file. */
export function readApplications(path: string): Application[] {
  const docs = parseAllDocuments(readLocal(path));
  const apps: Application[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0)
      throw new AbortError(`${path}: invalid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`, {
        hint: 'check the file',
      });
    const v = doc.toJSON() as Partial<Application> | null;
    if (v === null) continue;
    if (v.kind !== 'Application' || !v.metadata?.name || !v.spec)
      throw new AbortError(`${path}: every document must be an Application with metadata.name and spec`, {
        hint: 'see examples/apps/*.yaml',
      });
    apps.push({ ...v, apiVersion: 'argoproj.io/v1alpha1' } as Application);
  }
  if (apps.length === 0)
    throw new AbortError(`${path} holds no Application`, { hint: 'see examples/apps/*.yaml' });
  return apps;
}
