// `driftless admin export|import`: back up and restore an installation's Applications, AppProjects,
// ApplicationSets, repository/cluster Secrets and argocd-* settings, straight through the Kubernetes API.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseAllDocuments, stringify } from 'yaml';
import { AbortError } from '../../common/errors.js';
import { Discovery } from '../../kube/discovery.js';
import { KubeClient } from '../../kube/client.js';
import { isNotFound } from '../../kube/api-error.js';
import { defaultKubeconfigPath, loadKubeconfig } from '../../kube/kubeconfig.js';
import {
  BACKUP_KINDS,
  backupKey,
  cleanForBackup,
  inBackup,
  planImport,
  type ImportStep,
} from '../../install/backup.js';
import {
  FINALIZER_RESOURCES,
  FINALIZER_RESOURCES_BACKGROUND,
  splitApiVersion,
  type KubeObject,
} from '../../model/index.js';
import {
  action,
  EXIT,
  newCommand,
  outputOption,
  printTable,
  progress,
  type OutputFormat,
} from '../output.js';

interface KubeFlags {
  kubeconfig?: string;
  context?: string;
  namespace: string;
}

const FIELD_MANAGER = 'driftless-import';

function addKubeFlags(cmd: Command): Command {
  return cmd
    .option('--kubeconfig <path>', 'kubeconfig (default: $KUBECONFIG, merged, or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option(
      '-n, --namespace <ns>',
      "Driftless's namespace (where argocd-cm and the Applications live)",
      'argocd',
    );
}

function kubeFrom(f: KubeFlags): { client: KubeClient; discovery: Discovery } {
  const conn = loadKubeconfig(f.kubeconfig ?? defaultKubeconfigPath(process.env), {
    ...(f.context !== undefined ? { context: f.context } : {}),
  });
  const client = new KubeClient(conn);
  return { client, discovery: new Discovery(client) };
}

/** Every object of the backed-up kinds in `namespace`, cleaned; kinds the cluster does not serve are skipped. */
async function readInstallation(
  client: KubeClient,
  discovery: Discovery,
  namespace: string,
): Promise<KubeObject[]> {
  const out = new Map<string, KubeObject>();
  for (const kind of BACKUP_KINDS) {
    const { group, version } = splitApiVersion(kind.apiVersion);
    const res = await discovery.find(group, kind.kind, version);
    if (res === undefined) continue;
    const list = await client.listAll(res, {
      namespace,
      ...(kind.labelSelector !== undefined ? { labelSelector: kind.labelSelector } : {}),
    });
    for (const o of list.items) if (inBackup(kind, o)) out.set(backupKey(o), o);
  }
  return [...out.values()];
}

interface ExportFlags extends KubeFlags {
  out?: string;
}

export function adminExportCommand(): Command {
  return addKubeFlags(
    newCommand(
      'export',
      'write Applications, AppProjects, ApplicationSets, repository/cluster Secrets and argocd-* settings as YAML',
    ),
  )
    .option('--out <file>', 'write to this file (mode 0600) instead of stdout')
    .action(
      action(async (f: ExportFlags) => {
        const { client, discovery } = kubeFrom(f);
        try {
          progress(`reading the installation in namespace ${f.namespace}`);
          const objects = (await readInstallation(client, discovery, f.namespace)).map(cleanForBackup);
          const text = objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
          const secrets = objects.filter((o) => o.kind === 'Secret').length;
          if (f.out === undefined) process.stdout.write(text);
          else writeFileSync(f.out, text, { mode: 0o600 });
          progress(
            `exported ${objects.length} objects` +
              (secrets > 0
                ? ` (${secrets} Secrets: the backup holds credentials; keep it as you keep them)`
                : ''),
          );
        } finally {
          client.close();
        }
      }),
    );
}

interface ImportFlags extends KubeFlags {
  dryRun?: boolean;
  prune?: boolean;
  output: OutputFormat;
}

function readBackup(file: string): KubeObject[] {
  const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  const objects: KubeObject[] = [];
  for (const [i, doc] of parseAllDocuments(text).entries()) {
    if (doc.errors.length > 0)
      throw new AbortError(`${file}: document ${i + 1} is not valid YAML: ${doc.errors[0]?.message ?? ''}`, {
        hint: 'pass a file written by `driftless admin export`',
      });
    const o = doc.toJS() as KubeObject | null;
    if (o === null) continue;
    if (!BACKUP_KINDS.some((k) => k.kind === o.kind && k.apiVersion === o.apiVersion) || !o.metadata?.name)
      throw new AbortError(
        `${file}: document ${i + 1} (${o.kind ?? 'no kind'}) is not an object a backup holds`,
        {
          hint: 'a backup holds Applications, AppProjects, ApplicationSets, argocd-* ConfigMaps and Secrets',
        },
      );
    objects.push(o);
  }
  return objects;
}

async function applyStep(
  client: KubeClient,
  discovery: Discovery,
  step: ImportStep,
  dryRun: boolean,
): Promise<void> {
  const o = step.object;
  const res = await discovery.require(o.apiVersion, o.kind);
  const ns = o.metadata.namespace;
  if (step.action === 'prune') {
    // A pruned Application goes without its resources: a restore never deletes what runs in the cluster.
    if (o.kind === 'Application' && !dryRun) {
      const keep = (o.metadata.finalizers ?? []).filter(
        (x) => x !== FINALIZER_RESOURCES && x !== FINALIZER_RESOURCES_BACKGROUND,
      );
      await client.patch(
        res,
        o.metadata.name ?? '',
        { metadata: { finalizers: keep } },
        {
          ...(ns !== undefined ? { namespace: ns } : {}),
          type: 'merge',
        },
      );
    }
    try {
      await client.delete(res, o.metadata.name ?? '', {
        ...(ns !== undefined ? { namespace: ns } : {}),
        dryRun,
      });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    return;
  }
  await client.apply(res, o, { fieldManager: FIELD_MANAGER, force: true, dryRun });
}

export function adminImportCommand(): Command {
  return addKubeFlags(
    newCommand(
      'import',
      'restore a backup written by `driftless admin export` (create or update each object)',
    ),
  )
    .argument('<file>', 'the backup file, or - for stdin')
    .option('--dry-run', 'show what would change; the API server checks every object, nothing is written')
    .option(
      '--prune',
      'delete backed-up kinds that the backup does not hold (Applications without their resources)',
    )
    .addOption(outputOption(['table', 'json']))
    .action(
      action(async (file: string, f: ImportFlags) => {
        const backup = readBackup(file);
        const { client, discovery } = kubeFrom(f);
        try {
          const live = await readInstallation(client, discovery, f.namespace);
          const steps = planImport(backup, live, f.namespace, f.prune === true);
          const failures: string[] = [];
          for (const step of steps) {
            if (step.action === 'unchanged') continue;
            progress(
              `${f.dryRun ? '(dry run) ' : ''}${step.action} ${step.object.kind} ${step.object.metadata.name ?? ''}`,
            );
            try {
              await applyStep(client, discovery, step, f.dryRun === true);
            } catch (e) {
              failures.push(
                `${step.object.kind} ${step.object.metadata.name ?? ''}: ${(e as Error).message}`,
              );
            }
          }
          const rows = steps.map((s) => ({
            kind: s.object.kind,
            name: s.object.metadata.name ?? '',
            action: s.action,
          }));
          if (f.output === 'json')
            process.stdout.write(
              JSON.stringify({ dryRun: f.dryRun === true, objects: rows, failures }, null, 2) + '\n',
            );
          else
            printTable(
              ['KIND', 'NAME', 'ACTION'],
              rows.map((r) => [r.kind, r.name, r.action]),
            );
          for (const m of failures) process.stderr.write(`failed: ${m}\n`);
          return failures.length > 0 ? EXIT.failure : EXIT.ok;
        } finally {
          client.close();
        }
      }),
    );
}
