// Connection state per repository, as Argo CD reports it: probed with the credentials the product
// would use, remembered for a minute (or until the Secret changes), messages free of secrets.
import { errorMessage } from '../common/errors.js';
import type { RepositoryFields } from '../model/index.js';

export interface ConnectionState {
  status: 'Successful' | 'Failed' | 'Unknown';
  message: string;
  attemptedAt?: string;
}

export interface ConnectionProbe {
  /** Resolves when the repository answers; rejects with a message safe to show. */
  test(fields: RepositoryFields): Promise<void>;
}

const TTL_MS = 60_000;

export class ConnectionStates {
  private readonly states = new Map<string, { at: number; state: ConnectionState }>();
  private readonly inflight = new Map<string, Promise<ConnectionState>>();

  constructor(
    private readonly probe: ConnectionProbe,
    private readonly now: () => number,
  ) {}

  /** The state of one repository; `version` changes when its Secret (or a template) changes. */
  async get(fields: RepositoryFields, version: string, force = false): Promise<ConnectionState> {
    const key = `${fields.url}\0${fields.project ?? ''}\0${version}`;
    const cached = this.states.get(key);
    if (cached && !force && this.now() - cached.at < TTL_MS) return cached.state;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.run(fields).then((state) => {
        this.states.set(key, { at: this.now(), state });
        return state;
      });
      p = p.finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  private async run(fields: RepositoryFields): Promise<ConnectionState> {
    const attemptedAt = new Date(this.now()).toISOString();
    try {
      await this.probe.test(fields);
      return { status: 'Successful', message: '', attemptedAt };
    } catch (e) {
      return { status: 'Failed', message: errorMessage(e), attemptedAt };
    }
  }
}
