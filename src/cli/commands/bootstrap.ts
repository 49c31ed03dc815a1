// `driftless bootstrap --repo URL --path PATH`: installs Driftless into the current cluster and creates the
// root Application that manages Driftless from that path, so an upgrade is a commit (as `flux bootstrap`).
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { RepoSettings } from '../../git/credentials.js';
import { writeToGit } from '../../git/git-write.js';
import { parseGitAuthor } from '../../common/git-author.js';
import type { Command } from 'commander';
import { isNotFound } from '../../kube/api-error.js';
import { ensureCrds } from '../../kube/crds.js';
import { Discovery } from '../../kube/discovery.js';
import { KubeClient } from '../../kube/client.js';
import { defaultKubeconfigPath, loadKubeconfig } from '../../kube/kubeconfig.js';
import { bootstrapManifests, bootstrapPlan } from '../../install/bootstrap.js';
import { splitApiVersion, type KubeObject } from '../../model/index.js';
import { action, newCommand, outputOption, printStructured, progress, type OutputFormat } from '../output.js';
import { packageVersion } from '../package-version.js';

interface BootstrapFlags {
  repo: string;
  path: string;
  revision: string;
  namespace: string;
  appName: string;
  prune?: boolean;
  username?: string;
  passwordEnv: string;
  sshPrivateKeyPath?: string;
  insecureSkipServerVerification?: boolean;
  kubeconfig?: string;
  context?: string;
  dryRun?: boolean;
  writeManifests?: boolean;
  gitAuthor: string;
  output: OutputFormat;
}

/** The controller's field manager: the root Application takes over the fields bootstrap wrote. */
const FIELD_MANAGER = 'driftless';

/** A repository Secret as Argo CD declares one, when the repository needs credentials. */
function repositorySecret(f: BootstrapFlags): KubeObject | undefined {
  const data: Record<string, string> = {};
  if (f.username !== undefined) {
    const password = process.env[f.passwordEnv];
    if (password === undefined || password === '')
      throw new Error(`--username needs the password in $${f.passwordEnv} (never on the command line)`);
    Object.assign(data, { username: f.username, password });
  }
  if (f.sshPrivateKeyPath !== undefined) data.sshPrivateKey = readFileSync(f.sshPrivateKeyPath, 'utf8');
  if (Object.keys(data).length === 0) return undefined;
  if (f.insecureSkipServerVerification) data.insecure = 'true';
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `${f.appName}-repository`,
      namespace: f.namespace,
      labels: { 'argocd.argoproj.io/secret-type': 'repository' },
    },
    type: 'Opaque',
    stringData: { type: 'git', url: f.repo, ...data },
  } as KubeObject;
}

/** Commits `<path>/install.yaml` with the repository's credentials (the Secret bootstrap writes), and pushes. */
async function writeManifests(
  f: BootstrapFlags,
  manifests: string,
  secret: KubeObject | undefined,
): Promise<void> {
  const author = parseGitAuthor(f.gitAuthor, '--git-author');
  const workRoot = await mkdtemp(join(tmpdir(), 'driftless-bootstrap-'));
  try {
    const file = posix.join(f.path, 'install.yaml');
    progress(`writing ${file} to ${f.repo}`);
    const result = await writeToGit(
      {
        repoURL: f.repo,
        ...(f.revision !== 'HEAD' ? { baseBranch: f.revision } : {}),
        author,
        message: `Driftless v${packageVersion()}: install manifests for namespace ${f.namespace}`,
        edit: async (tree) => {
          await mkdir(join(tree, f.path), { recursive: true });
          await writeFile(join(tree, file), manifests);
        },
      },
      { credentials: new RepoSettings(secret ? [secret] : []), workRoot },
    );
    progress(
      result.changed ? `pushed ${result.sha ?? ''} to ${result.branch}` : `${file} is already current in Git`,
    );
  } finally {
    await rm(workRoot, { recursive: true, force: true });
  }
}

export function bootstrapCommand(): Command {
  return newCommand(
    'bootstrap',
    'install Driftless into the current cluster and let it manage itself from a path in Git (an upgrade is a commit)',
  )
    .requiredOption(
      '--repo <url>',
      'Git repository holding the Driftless manifests (e.g. install.yaml) and your apps',
    )
    .requiredOption('--path <path>', 'path in the repository the root Application syncs')
    .option('--revision <rev>', 'branch, tag or commit the root Application follows', 'HEAD')
    .option('-n, --namespace <ns>', 'namespace to install into', 'argocd')
    .option('--app-name <name>', "the root Application's name", 'driftless')
    .option(
      '--prune',
      'let the root Application delete what leaves Git (off: the control plane is never pruned)',
    )
    .option('--username <name>', 'repository user name (the password comes from --password-env)')
    .option(
      '--password-env <var>',
      'environment variable holding the repository password or token',
      'DRIFTLESS_GIT_PASSWORD',
    )
    .option('--ssh-private-key-path <file>', 'private key for an ssh repository URL')
    .option(
      '--insecure-skip-server-verification',
      "do not verify the repository server's certificate or host key",
    )
    .option('--kubeconfig <path>', 'kubeconfig (default: $KUBECONFIG, merged, or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option(
      '--write-manifests',
      'commit <path>/install.yaml (these install objects and the root Application) and push it, unless Git already holds it',
    )
    .option(
      '--git-author <author>',
      'commit author for --write-manifests',
      'Driftless bootstrap <bootstrap@driftless.invalid>',
    )
    .option(
      '--dry-run',
      'send every object as a server-side dry run; nothing is written (to the cluster or Git)',
    )
    .addOption(outputOption(['table', 'json']))
    .action(
      action(async (f: BootstrapFlags) => {
        const plan = bootstrapPlan({
          repoURL: f.repo,
          path: f.path,
          revision: f.revision,
          namespace: f.namespace,
          appName: f.appName,
          prune: f.prune === true,
          version: packageVersion(),
        });
        const secret = repositorySecret(f);
        const dryRun = f.dryRun === true;
        if (f.writeManifests && !dryRun)
          await writeManifests(f, bootstrapManifests(plan, packageVersion()), secret);
        const conn = loadKubeconfig(f.kubeconfig ?? defaultKubeconfigPath(process.env), {
          ...(f.context !== undefined ? { context: f.context } : {}),
        });
        const client = new KubeClient(conn);
        const discovery = new Discovery(client);
        try {
          progress(
            `installing Driftless v${packageVersion()} into namespace ${f.namespace} of ${conn.server}${dryRun ? ' (dry run)' : ''}`,
          );
          if (dryRun) {
            const crdResource = await discovery.require(
              'apiextensions.k8s.io/v1',
              'CustomResourceDefinition',
            );
            for (const crd of plan.crds)
              await client.apply(crdResource, crd, { fieldManager: FIELD_MANAGER, force: true, dryRun });
          } else {
            progress(
              `applying ${plan.crds.length} CustomResourceDefinitions and waiting until they are served`,
            );
            await ensureCrds(client, plan.crds, {
              fieldManager: FIELD_MANAGER,
              discovery,
              timeoutMs: 120_000,
            });
          }
          const rest = [...plan.objects, ...(secret ? [secret] : []), plan.rootApp];
          const missingNamespace =
            dryRun &&
            (await client.get(await discovery.require('v1', 'Namespace'), f.namespace).then(
              () => false,
              (e: unknown) => {
                if (isNotFound(e)) return true;
                throw e;
              },
            ));
          for (const [i, obj] of rest.entries()) {
            const { group, version } = splitApiVersion(obj.apiVersion);
            const res = await discovery.find(group, obj.kind, version);
            // A dry run cannot check objects of kinds whose CRD, or in a namespace, it did not really create.
            const unchecked =
              res === undefined
                ? 'its CRD is not installed yet'
                : missingNamespace && obj.metadata.namespace !== undefined
                  ? `namespace ${f.namespace} does not exist yet`
                  : undefined;
            if (dryRun && unchecked !== undefined) {
              progress(
                `[${i + 1}/${rest.length}] ${obj.kind} ${obj.metadata.name ?? ''}: not checked (${unchecked})`,
              );
              continue;
            }
            progress(`[${i + 1}/${rest.length}] ${obj.kind} ${obj.metadata.name ?? ''}`);
            await client.apply(res ?? (await discovery.require(obj.apiVersion, obj.kind)), obj, {
              fieldManager: FIELD_MANAGER,
              force: true,
              dryRun,
            });
          }
          const summary = {
            version: packageVersion(),
            namespace: f.namespace,
            objects: plan.crds.length + rest.length,
            application: f.appName,
            source: { repoURL: f.repo, path: f.path, targetRevision: f.revision },
            dryRun,
          };
          if (f.output === 'json') printStructured(summary, 'json');
          else
            process.stdout.write(
              `Driftless v${packageVersion()} installed in namespace ${f.namespace}; Application '${f.appName}' now manages it from ${f.repo} ${f.path} (${f.revision}).\n` +
                `Next: commit the install manifests (deploy/install.yaml of this release, or the Kustomize base) under ${f.path}; an upgrade is then a commit.\n` +
                `UI and API: kubectl -n ${f.namespace} port-forward svc/driftless-server 8080:443, then driftless login localhost:8080 --insecure\n` +
                `Initial admin password: kubectl -n ${f.namespace} get secret argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d\n`,
            );
        } finally {
          client.close();
        }
      }),
    );
}
