// Argo CD Image Updater's metrics, under its names, on the server's /metrics: images watched, updated
// and errors per application, applications watched, registry requests and failures per registry.
// A prom-client collector reads the updater's and the registry client's counts at each scrape.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { RegistryClient } from './registry-client.js';
import type { UpdaterStats } from './updater.js';

export function registerUpdaterMetrics(
  registry: Registry,
  stats: UpdaterStats,
  client: RegistryClient,
): void {
  const registers = [registry];
  const perApp = (g: Gauge | Counter, m: ReadonlyMap<string, number>) => {
    g.reset();
    for (const [application, n] of m) g.inc({ application }, n);
  };
  const perRegistry = (c: Counter, m: ReadonlyMap<string, number>) => {
    c.reset();
    for (const [host, n] of m) c.inc({ registry: host }, n);
  };
  new Gauge({
    name: 'argocd_image_updater_applications_watched_total',
    help: 'The total number of applications watched by Argo CD Image Updater',
    registers,
    collect() {
      this.set(stats.watched.size);
    },
  });
  new Gauge({
    name: 'argocd_image_updater_images_watched_total',
    help: 'Number of images watched by the application',
    labelNames: ['application'],
    registers,
    collect() {
      perApp(this, stats.watched);
    },
  });
  new Counter({
    name: 'argocd_image_updater_images_updated_total',
    help: 'Number of images updated by the application',
    labelNames: ['application'],
    registers,
    collect() {
      perApp(this, stats.updated);
    },
  });
  new Counter({
    name: 'argocd_image_updater_images_errors_total',
    help: 'Number of errors reported by the application',
    labelNames: ['application'],
    registers,
    collect() {
      perApp(this, stats.errors);
    },
  });
  new Counter({
    name: 'argocd_image_updater_registry_requests_total',
    help: 'The number of requests to the registry API',
    labelNames: ['registry'],
    registers,
    collect() {
      perRegistry(this, client.requests);
    },
  });
  new Counter({
    name: 'argocd_image_updater_registry_requests_failed_total',
    help: 'The number of failed requests to the registry API',
    labelNames: ['registry'],
    registers,
    collect() {
      perRegistry(this, client.failures);
    },
  });
}
