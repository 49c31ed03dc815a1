// driftless_watch_* exposition from the clients' tallies: totals per cluster and type, scraped twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { WatchTraffic } from '../../kube/watch-traffic.js';
import { registerWatchMetrics } from './watch-metrics.js';

test('each scrape shows every cluster’s totals per type, not sums of earlier scrapes', async () => {
  const hub = new WatchTraffic();
  const spoke = new WatchTraffic();
  const apps = hub.tally('argoproj.io', 'applications');
  Object.assign(apps, { bytes: 4096, events: 3, watches: 1 });
  Object.assign(spoke.tally('', 'configmaps'), { bytes: 100, events: 1, watches: 2 });
  const registry = new Registry();
  registerWatchMetrics(registry, () => [
    { server: 'https://kubernetes.default.svc', traffic: hub },
    { server: 'https://spoke:6443', traffic: spoke },
  ]);
  const line = (text: string, name: string, labels: string) =>
    text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  const first = await registry.metrics();
  const hubApps = 'server="https://kubernetes.default.svc",group="argoproj.io",resource="applications"';
  assert.equal(
    line(first, 'driftless_watch_received_bytes_total', hubApps),
    `driftless_watch_received_bytes_total{${hubApps}} 4096`,
  );
  assert.equal(
    line(first, 'driftless_watch_events_total', hubApps),
    `driftless_watch_events_total{${hubApps}} 3`,
  );
  const spokeCms = 'server="https://spoke:6443",group="",resource="configmaps"';
  assert.equal(
    line(first, 'driftless_watch_requests_total', spokeCms),
    `driftless_watch_requests_total{${spokeCms}} 2`,
  );
  assert.match(first, /# TYPE driftless_watch_received_bytes_total counter/);

  apps.bytes += 1000;
  apps.events += 1;
  const second = await registry.metrics();
  assert.equal(
    line(second, 'driftless_watch_received_bytes_total', hubApps),
    `driftless_watch_received_bytes_total{${hubApps}} 5096`,
  );
  assert.equal(
    line(second, 'driftless_watch_events_total', hubApps),
    `driftless_watch_events_total{${hubApps}} 4`,
  );
  assert.equal(
    line(second, 'driftless_watch_received_bytes_total', spokeCms),
    `driftless_watch_received_bytes_total{${spokeCms}} 100`,
  );
});
