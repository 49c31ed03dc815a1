// What every route shares: the read port and the writer, settings, RBAC, clocks, and lookups that 404 cleanly.
import type { Logger } from '../common/log.js';
import { API_GROUP, type Application, type AppProject } from '../model/index.js';
import { projectRolePolicies, RbacEnforcer } from '../policy/rbac-enforcer.js';
import type { HttpError } from './http-error.js';
import { notFound } from './http-error.js';
import type { ApiMetrics } from './metrics.js';
import { LoginGuard } from './login-guard.js';
import { UpstreamProbe } from './upstream-probe.js';
import type { AppWriter, GitWritePort, ReadPort, ResourceWriter } from './ports.js';
import type { ServerSettings } from './settings.js';

export interface ApiContext {
  read: ReadPort;
  writer: AppWriter;
  /** Changes to resources of apps (actions, delete, patch). */
  resources: ResourceWriter;
  /** Commits to configuration repositories (absent where no process may write to Git). */
  git?: GitWritePort | undefined;
  settings: { current(): ServerSettings };
  log: Logger;
  metrics: ApiMetrics;
  nowMs: () => number;
  logins: LoginGuard;
  /** Whether the kube-apiserver answers (cached for a moment). */
  upstream: UpstreamProbe;
  enforcer(): RbacEnforcer;
  projects(): AppProject[];
  /** The app (read-your-writes: it reflects every write made before) or a 404 naming it. */
  app(name: string): Promise<Application>;
  /** `<project>/<app>`, the RBAC object of an app; 404 when the app does not exist. */
  appObject(name: string): Promise<string | HttpError>;
  /** Records the app a write returned, so reads by name reflect it before the watch does. */
  wrote(app: Application): Application;
}

export function createApiContext(opts: {
  read: ReadPort;
  writer: AppWriter;
  resources: ResourceWriter;
  git?: GitWritePort | undefined;
  settings: { current(): ServerSettings };
  log: Logger;
  metrics: ApiMetrics;
  nowMs?: () => number;
}): ApiContext {
  const { read } = opts;
  const nowMs = opts.nowMs ?? Date.now;
  let built: { settings: ServerSettings; versions: string; enforcer: RbacEnforcer } | undefined;
  const projects = () => read.list(API_GROUP, 'AppProject', read.namespace) as AppProject[];
  const missing = (name: string) => notFound(`application ${name} not found in namespace ${read.namespace}`);
  const app = async (name: string): Promise<Application> => {
    const a = await read.apps.read(name);
    if (!a) throw missing(name);
    return a;
  };
  return {
    ...opts,
    nowMs,
    // Argo CD's defaults: 5 failures per user within 5 minutes, 50 concurrent logins; 20 per address.
    logins: new LoginGuard({ now: nowMs }),
    upstream: new UpstreamProbe((signal) => read.ping(signal), nowMs),
    projects,
    enforcer() {
      const settings = opts.settings.current();
      const list = projects();
      const versions = list.map((p) => `${p.metadata.name}@${p.metadata.resourceVersion ?? ''}`).join(',');
      if (built?.settings !== settings || built.versions !== versions)
        built = { settings, versions, enforcer: new RbacEnforcer(settings.rbac, projectRolePolicies(list)) };
      return built.enforcer;
    },
    app,
    async appObject(name: string) {
      const a = await read.apps.read(name);
      if (!a) return missing(name);
      return `${a.spec.project || 'default'}/${name}`;
    },
    wrote(a: Application) {
      read.apps.remember(a);
      return a;
    },
  };
}
