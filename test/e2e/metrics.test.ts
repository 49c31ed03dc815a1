// /metrics with Argo CD's names and labels, scraped from each component's own port (controller on its
// port, API server on --metrics-port), both started through the composition root as `driftless server`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomSuffix, waitFor } from './support/cluster.js';
import { applicationYaml, healthy, startController, synced, waitForApp } from './support/controller.js';
import type { RunningController } from './support/controller.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { deploymentYaml } from './api-support.js';

const NS = `metrics-e2e-${randomSuffix()}`;
const app = `metrics-${randomSuffix()}`;
const dest = `metrics-dest-${randomSuffix()}`;
const repo = new TestRepo();
let controller: RunningController;
let server: RunningController;

before(async () => {
  repo.write({ 'app/deployment.yaml': deploymentYaml('web', 1) }).commit('web');
  controller = await startController({ namespace: NS, component: 'application-controller' });
  server = await startController({ namespace: NS, component: 'server', metricsPort: 0 });
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'application', app, '--wait=false']);
  await server?.stop();
  await controller?.stop();
  await kubectl(['delete', 'namespace', NS, dest, '--wait=false']);
  repo.cleanup();
});

async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  return res.text();
}

/** The value of the first sample of `name` whose labels include all of `labels`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const inner = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (Object.entries(labels).every(([k, v]) => inner.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

test("the controller's port serves Argo CD's app, sync, reconcile, request, kubectl, git and cluster metrics", async () => {
  await kubectlOk(['apply', '-n', NS, '-f', '-'], {
    input: applicationYaml({
      name: app,
      namespace: NS,
      repoURL: repo.url,
      path: 'app',
      destNamespace: dest,
      automated: { prune: true },
    }),
  });
  await waitForApp(NS, app, 'Synced and Healthy', (a) => synced(a) && healthy(a), 90_000);
  const text = await waitFor(
    async () => {
      const t = await scrape(controller.url);
      return sample(t, 'argocd_app_sync_total', { name: app, phase: 'Succeeded' }) ? t : undefined;
    },
    { what: 'argocd_app_sync_total to count the sync', timeoutMs: 30_000 },
  );
  const server = 'https://kubernetes.default.svc';
  assert.equal(
    sample(text, 'argocd_app_info', {
      name: app,
      namespace: NS,
      project: 'default',
      repo: repo.url,
      dest_server: server,
      dest_namespace: dest,
      sync_status: 'Synced',
      health_status: 'Healthy',
      autosync_enabled: 'true',
    }),
    1,
  );
  assert.equal(
    sample(text, 'argocd_app_sync_total', { name: app, dest_server: server, phase: 'Succeeded' }),
    1,
  );
  assert.ok((sample(text, 'argocd_app_reconcile_count', { namespace: NS, dest_server: server }) ?? 0) >= 1);
  assert.ok(sample(text, 'argocd_app_reconcile_bucket', { namespace: NS, le: '16' }) !== undefined);
  assert.ok(
    (sample(text, 'argocd_app_k8s_request_total', {
      name: app,
      project: 'default',
      verb: 'patch',
      resource_kind: 'deployments',
      resource_namespace: dest,
      dry_run: 'false',
    }) ?? 0) >= 1,
    `the apply of the Deployment is counted for the app:\n${text
      .split('\n')
      .filter((l) => l.startsWith('argocd_app_k8s'))
      .join('\n')}`,
  );
  assert.ok((sample(text, 'argocd_kubectl_exec_total', { command: 'apply' }) ?? 0) >= 1);
  assert.equal(sample(text, 'argocd_kubectl_exec_pending', { command: 'apply' }), 0);
  assert.ok(
    (sample(text, 'argocd_git_request_total', { repo: repo.url, request_type: 'ls-remote' }) ?? 0) >= 1,
  );
  assert.ok(
    sample(text, 'argocd_git_request_duration_seconds_count', { request_type: 'fetch' }) !== undefined,
  );
  assert.equal(sample(text, 'argocd_cluster_info', { server, name: 'in-cluster' }), 1);
  assert.equal(sample(text, 'argocd_cluster_connection_status', { server }), 1);
  assert.ok((sample(text, 'argocd_cluster_api_resource_objects', { server }) ?? 0) > 0);
  assert.ok((sample(text, 'argocd_cluster_api_resources', { server }) ?? 0) > 0);
  assert.ok(
    (sample(text, 'argocd_cluster_events_total', { server, group: 'apps', kind: 'Deployment' }) ?? 0) >= 1,
  );
  assert.ok(sample(text, 'argocd_cluster_cache_age_seconds', { server }) !== undefined);
  // What the home cluster's watches received (driftless_watch_*): the app and its Deployment came by them.
  const appsWatch = { server, group: 'argoproj.io', resource: 'applications' };
  assert.ok((sample(text, 'driftless_watch_received_bytes_total', appsWatch) ?? 0) > 0);
  assert.ok((sample(text, 'driftless_watch_events_total', appsWatch) ?? 0) >= 1);
  assert.ok((sample(text, 'driftless_watch_requests_total', appsWatch) ?? 0) >= 1);
  const deployWatch = { server, group: 'apps', resource: 'deployments' };
  assert.ok((sample(text, 'driftless_watch_received_bytes_total', deployWatch) ?? 0) > 0);
  // The refresh queue, by client-go's names: every reconcile was queued first, and timed there.
  const queue = { name: 'app_reconciliation_queue' };
  assert.ok((sample(text, 'workqueue_adds_total', queue) ?? 0) >= 1);
  assert.ok((sample(text, 'workqueue_queue_duration_seconds_count', queue) ?? 0) >= 1);
  assert.ok(sample(text, 'workqueue_queue_duration_seconds_bucket', { ...queue, le: '+Inf' }) !== undefined);
  assert.ok(sample(text, 'workqueue_depth', queue) !== undefined);
  // The automated sync ran on the operation workers, whose queue is timed alike (ADR 0046).
  const operations = { name: 'app_operation_processing_queue' };
  assert.ok((sample(text, 'workqueue_adds_total', operations) ?? 0) >= 1);
  assert.ok((sample(text, 'workqueue_queue_duration_seconds_count', operations) ?? 0) >= 1);
  // prom-client's process, GC and event-loop metrics come along.
  assert.match(text, /^process_cpu_user_seconds_total /m);
  assert.match(text, /^nodejs_eventloop_lag_seconds /m);
  assert.doesNotMatch(text, /argocd_redis_/);
});

test('the API server component serves /metrics on its metrics port, without the controller-only figures', async () => {
  const port = server.server.metricsPort;
  assert.ok(port, 'metricsPort given 0 binds a port');
  const fromPort = await scrape(`http://127.0.0.1:${port}`);
  await fetch(`${server.url}/api/version`);
  const text = await waitFor(
    async () => {
      const t = await scrape(`http://127.0.0.1:${port}`);
      return /driftless_http_request_duration_seconds_bucket\{[^}]*route="GET \/api\/version"/.test(t)
        ? t
        : undefined;
    },
    { what: 'the API request to be observed', timeoutMs: 10_000 },
  );
  assert.match(fromPort, /^process_cpu_user_seconds_total /m);
  assert.doesNotMatch(text, /^argocd_app_info/m, 'app metrics belong to the controller, as in Argo CD');
  // The API server watches the cluster too: what that costs it is its own figure.
  const appsWatch = {
    server: 'https://kubernetes.default.svc',
    group: 'argoproj.io',
    resource: 'applications',
  };
  assert.ok((sample(text, 'driftless_watch_requests_total', appsWatch) ?? 0) >= 1, 'its Application watch');
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  assert.equal(health.status, 200);
});

test('a deleted app is no longer polled, nor counted as reconciled', async () => {
  const before = await scrape(controller.url);
  assert.ok(
    (sample(before, 'driftless_queue_scheduled', {}) ?? 0) >= 1,
    'the synced app has its poll scheduled',
  );
  await kubectlOk(['-n', NS, 'delete', 'application', app, '--wait=false']);
  // Gone from the cluster, the app's name is looked at once and forgotten: no poll stays scheduled for
  // it (before, every deleted app, and every name only other instances' resources carry, was polled
  // again every period for ever).
  const text = await waitFor(
    async () => {
      const t = await scrape(controller.url);
      return sample(t, 'driftless_queue_scheduled', {}) === 0 ? t : undefined;
    },
    { what: 'no reconcile left scheduled after the delete', timeoutMs: 60_000 },
  );
  assert.equal(sample(text, 'argocd_app_reconcile_count', { namespace: NS, dest_server: '' }), undefined);
});
