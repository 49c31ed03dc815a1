// What every controller e2e file sets up: a control namespace, a Git repo, run-unique app names,
// destination namespaces, and the teardown that removes them.
import type { Application } from '../../../src/model/index.js';
import { randomSuffix } from './cluster.js';
import { applicationYaml, type RunningController } from './controller.js';
import { TestNamespaces } from './fixtures.js';
import { TestRepo } from './git-repo.js';
import { kubectl, kubectlOk } from './kubectl.js';

export class ControllerSuite {
  /** The control namespace of this file's controller. */
  readonly NS: string;
  readonly repo = new TestRepo();
  readonly namespaces = new TestNamespaces();
  /** Tracking ids name the app, and a previous run's objects may still be terminating: names are unique per run. */
  private readonly run = randomSuffix(4);

  constructor(prefix: string) {
    this.NS = `${prefix}-${randomSuffix()}`;
  }

  readonly app = (name: string): string => `${name}-${this.run}`;
  readonly destNs = (prefix: string): string => this.namespaces.next(prefix);

  /** Applies an Application of this suite's repo, in its control namespace, with kubectl (as a user would). */
  async createApp(
    name: string,
    path: string,
    destNamespace: string,
    extra: Partial<Parameters<typeof applicationYaml>[0]> = {},
  ): Promise<void> {
    await kubectlOk(['apply', '-f', '-'], {
      input: applicationYaml({
        name,
        namespace: this.NS,
        repoURL: this.repo.url,
        path,
        destNamespace,
        ...extra,
      }),
    });
  }

  /** Applies an AppProject in this suite's control namespace that allows every repo and destination. */
  async createProject(name: string, annotations: Record<string, string> = {}): Promise<void> {
    await kubectlOk(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name, namespace: this.NS, annotations },
        spec: {
          sourceRepos: ['*'],
          destinations: [{ server: '*', namespace: '*' }],
          clusterResourceWhitelist: [{ group: '*', kind: '*' }],
        },
      }),
    });
  }

  /** Deletes the apps, stops the controller, deletes the namespaces (without waiting) and the repo. */
  /** `running` is undefined when the file's before() failed: what it made is removed all the same. */
  async teardown(running: RunningController | undefined, ...extraNamespaces: string[]): Promise<void> {
    await kubectl(['-n', this.NS, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
    await running?.stop();
    await this.namespaces.cleanup(this.NS, ...extraNamespaces);
    this.repo.cleanup();
  }
}

/** The app's last operation finished (and its request was cleared). */
export const operationDone = (a: Application): boolean =>
  a.operation === undefined &&
  ['Succeeded', 'Failed', 'Error'].includes(a.status?.operationState?.phase ?? '');
