// `driftless admin health [--config argocd-cm.yaml] FILE...`: the health the controller would compute for each object in the files.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AbortError, DriftlessError, formatError } from '../../common/errors.js';
import {
  assessHealth,
  healthRegistryFromConfigMap,
  type ConfiguredHealth,
  type HealthSource,
} from '../../health/index.js';
import { GoYamlError, parseGoYamlDocuments, type GoYamlDocument } from '../../common/go-yaml.js';
import { isPlainObject, type KubeObject } from '../../model/index.js';
// The manifest reader the renderer uses, so objects (and their errors) read exactly as from Git.
import { parseManifests } from '../../render/parse-manifests.js';
import { newCommand, outputOption, printTable, type OutputFormat } from '../output.js';
import { ARGOCD_CM } from '../../model/settings-objects.js';

const EXIT_OK = 0;
const EXIT_ERROR = 2;

interface AdminHealthOptions {
  config?: string;
  output: OutputFormat;
}

/** One evaluated object, as printed (a JSON line, or a table row). */
export interface HealthRow {
  file: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  status: string;
  message: string;
  source: HealthSource;
}

export function adminHealthCommand(): Command {
  return newCommand(
    'health',
    'print the health the controller would compute for each object in YAML files (built-in or Lua from argocd-cm)',
  )
    .argument('<files...>', 'YAML files with one or more objects each (e.g. kubectl get -o yaml)')
    .option(
      '--config <file>',
      'argocd-cm ConfigMap (YAML) whose resource.customizations.health.* Lua scripts to use',
    )
    .addOption(outputOption(['table', 'json']))
    .action((files: string[], opts: AdminHealthOptions) => {
      process.exitCode = runAdminHealth(files, opts);
    });
}

function runAdminHealth(files: string[], opts: AdminHealthOptions): number {
  let health: ConfiguredHealth;
  try {
    health = opts.config === undefined ? healthRegistryFromConfigMap() : readConfig(opts.config);
  } catch (e) {
    return reportFatal(e);
  }
  // Each file on its own: one that cannot be read is one error line, and the others still count.
  const rows: HealthRow[] = [];
  let failed = false;
  for (const file of files) {
    try {
      rows.push(...readObjects(file).map((object) => evaluate(file, object, health)));
    } catch (e) {
      failed = true;
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  if (opts.output === 'json') process.stdout.write(rows.map((r) => JSON.stringify(r) + '\n').join(''));
  else if (rows.length > 0)
    printTable(
      ['KIND', 'NAME', 'STATUS', 'SOURCE', 'MESSAGE'],
      rows.map((r) => [
        r.kind,
        r.namespace ? `${r.namespace}/${r.name}` : r.name,
        r.status,
        r.source,
        r.message.replace(/\s*\n\s*/g, ' '),
      ]),
    );
  return failed ? EXIT_ERROR : EXIT_OK;
}

function reportFatal(e: unknown): number {
  // Everything here is about the user's files: one line and a hint, never a stack.
  const err = e instanceof DriftlessError ? e : new AbortError(e instanceof Error ? e.message : String(e));
  process.stderr.write(formatError(err) + '\n');
  return EXIT_ERROR;
}

/** The objects of one file, as the controller sees live objects: any mapping, metadata or not. */
function readObjects(file: string): KubeObject[] {
  let docs: GoYamlDocument[];
  try {
    docs = parseGoYamlDocuments(readText(file));
  } catch (e) {
    if (e instanceof GoYamlError)
      throw new AbortError(`${file}${e.line ? `:${e.line}` : ''}: YAML syntax error: ${e.reason}`);
    throw e;
  }
  const flat = docs.flatMap(({ value }) =>
    isPlainObject(value) && String(value['kind'] ?? '').endsWith('List') && Array.isArray(value['items'])
      ? (value['items'] as unknown[])
      : [value],
  );
  return flat.map((v) => {
    if (!isPlainObject(v)) throw new AbortError(`${file}: a document is not a mapping`);
    const meta = isPlainObject(v['metadata']) ? v['metadata'] : {};
    return {
      ...v,
      apiVersion: typeof v['apiVersion'] === 'string' ? v['apiVersion'] : '',
      kind: typeof v['kind'] === 'string' ? v['kind'] : '',
      metadata: meta,
    } as KubeObject;
  });
}

export function evaluate(file: string, object: KubeObject, health: ConfiguredHealth): HealthRow {
  const meta = object.metadata;
  const h = assessHealth(object, health.registry);
  return {
    file,
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
    name: typeof meta.name === 'string' ? meta.name : (meta.generateName ?? ''),
    status: h.status,
    // Verbatim: the table flattens it to one line, JSON keeps its newlines.
    message: h.message ?? '',
    source: health.sourceOf(object),
  };
}

/** The argocd-cm in the file (the ConfigMap named so, or the only ConfigMap); problems in it are warnings. */
function readConfig(path: string): ConfiguredHealth {
  const maps = parseManifests(readText(path), { file: path, tool: 'directory' })
    .map((s) => s.object)
    .filter((o) => o.kind === 'ConfigMap');
  const cm = maps.find((o) => o.metadata.name === ARGOCD_CM) ?? (maps.length === 1 ? maps[0] : undefined);
  if (!cm)
    throw new AbortError(`${path}: no ConfigMap named argocd-cm`, {
      hint: 'give the argocd-cm ConfigMap, e.g. kubectl -n argocd get configmap argocd-cm -o yaml',
    });
  const health = healthRegistryFromConfigMap(cm);
  // The controller logs these and goes on; so do we, so the other scripts can still be tried.
  for (const e of health.errors) process.stderr.write(`warning: ${path}: ${e}\n`);
  return health;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = e instanceof Error ? (e as { code?: unknown }).code : undefined;
    throw new AbortError(
      `cannot read ${path}${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': is a directory' : ''}`,
      { hint: 'check the path', cause: e },
    );
  }
}
