// `app list` and `app get`: applications as a table, wide table, names, JSON or YAML.
import type { Command } from 'commander';
import type { Application } from '../../model/index.js';
import { clientFor, collect, remoteAction, withRemote, type RemoteFlags } from '../context-client.js';
import { newCommand, outputOption, printStructured, printTable, type OutputFormat } from '../output.js';
import { sourceIndex, withSourcePick } from './app-spec.js';
import {
  APP_FIELDS,
  APP_HEADERS,
  APP_WIDE_FIELDS,
  APP_WIDE_HEADERS,
  appRow,
  appSummary,
  isStructured,
  RESOURCE_HEADERS,
  resourceRow,
} from './app-view.js';

const FORMATS: OutputFormat[] = ['table', 'wide', 'json', 'yaml', 'name'];

interface ListFlags extends RemoteFlags {
  output: OutputFormat;
  project?: string[];
  selector?: string;
  repo?: string;
}

export function appListCommand(): Command {
  return withRemote(newCommand('list', 'list applications'))
    .alias('ls')
    .addOption(outputOption(FORMATS))
    .option('-p, --project <name>', 'only apps of this project (repeatable)', collect)
    .option('-l, --selector <labels>', 'label selector, e.g. team=web')
    .option('-r, --repo <url>', 'only apps with this source repository')
    .action(
      remoteAction(async (f: ListFlags) => {
        const { items } = await clientFor(f).listApplications({
          ...(f.project ? { projects: f.project } : {}),
          ...(f.selector ? { selector: f.selector } : {}),
          ...(f.repo ? { repo: f.repo } : {}),
          ...listFields(f.output),
        });
        printApps(items, f.output);
      }),
    );
}

/** Structured output prints whole apps; names and tables ask the server for what they show. */
function listFields(format: OutputFormat): { fields?: string[] } {
  if (isStructured(format)) return {};
  if (format === 'name') return { fields: ['items.metadata.name'] };
  return { fields: format === 'wide' ? APP_WIDE_FIELDS : APP_FIELDS };
}

export function printApps(items: Application[], format: OutputFormat): void {
  if (isStructured(format)) return printStructured(items, format);
  if (format === 'name') return void process.stdout.write(items.map((a) => `${a.metadata.name}\n`).join(''));
  const wide = format === 'wide';
  printTable(
    wide ? APP_WIDE_HEADERS : APP_HEADERS,
    items.map((a) => appRow(a, wide)),
  );
}

interface GetFlags extends RemoteFlags {
  output: OutputFormat;
  refresh?: boolean;
  hardRefresh?: boolean;
  sourcePosition?: string;
  sourceName?: string;
}

export function appGetCommand(): Command {
  return withSourcePick(
    withRemote(newCommand('get', 'show an application: source, destination, status and resources')),
  )
    .argument('<name>', 'application name')
    .addOption(outputOption(FORMATS))
    .option('--refresh', 'compare with Git again before answering')
    .option('--hard-refresh', 'also re-render the manifests, ignoring caches')
    .action(
      remoteAction(async (name: string, f: GetFlags) => {
        const refresh = f.hardRefresh ? 'hard' : f.refresh ? 'normal' : undefined;
        const app = await clientFor(f).getApplication(name, refresh);
        if (isStructured(f.output)) return printStructured(app, f.output);
        if (f.output === 'name') return void process.stdout.write(`${app.metadata.name}\n`);
        const picked = f.sourcePosition !== undefined || f.sourceName !== undefined;
        const summary = appSummary(app, picked ? sourceIndex(app.spec, f) : undefined);
        const width = Math.max(...summary.map(([k]) => k.length)) + 2;
        process.stdout.write(summary.map(([k, v]) => `${`${k}:`.padEnd(width)}${v}\n`).join(''));
        const resources = app.status?.resources ?? [];
        if (resources.length === 0) return;
        process.stdout.write('\n');
        const wide = f.output === 'wide';
        printTable(
          wide ? [...RESOURCE_HEADERS, 'PRUNE', 'MESSAGE'] : RESOURCE_HEADERS,
          resources.map((r) => resourceRow(r, wide)),
        );
      }),
    );
}
