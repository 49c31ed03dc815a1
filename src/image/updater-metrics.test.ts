import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { ManualTimers } from '../common/timers.js';
import { RegistryClient } from './registry-client.js';
import type { UpdaterStats } from './updater.js';
import { registerUpdaterMetrics } from './updater-metrics.js';

test("the updater's metrics carry Argo CD Image Updater's names and follow the counts at each scrape", async () => {
  const registry = new Registry();
  const stats: UpdaterStats = {
    watched: new Map([
      ['web', 2],
      ['api', 1],
    ]),
    updated: new Map([['web', 1]]),
    errors: new Map([['api', 3]]),
  };
  const client = new RegistryClient({ timers: new ManualTimers() });
  client.requests.set('registry.example.com', 7);
  client.failures.set('registry.example.com', 2);
  registerUpdaterMetrics(registry, stats, client);
  const text = await registry.metrics();
  for (const line of [
    'argocd_image_updater_applications_watched_total 2',
    'argocd_image_updater_images_watched_total{application="web"} 2',
    'argocd_image_updater_images_updated_total{application="web"} 1',
    'argocd_image_updater_images_errors_total{application="api"} 3',
    'argocd_image_updater_registry_requests_total{registry="registry.example.com"} 7',
    'argocd_image_updater_registry_requests_failed_total{registry="registry.example.com"} 2',
  ])
    assert.ok(text.includes(line), `${line} missing in:\n${text}`);
  stats.watched.delete('api');
  stats.updated.set('web', 2);
  const next = await registry.metrics();
  assert.ok(next.includes('argocd_image_updater_applications_watched_total 1'), next);
  assert.ok(!next.includes('argocd_image_updater_images_watched_total{application="api"}'), next);
  assert.ok(next.includes('argocd_image_updater_images_updated_total{application="web"} 2'), next);
});
