// Wires the notifications controller to the product: Applications from the controller's watch cache,
// argocd-notifications-cm/-secret from the settings source, annotation writes, Events and live objects
// (for drift) through the Kubernetes client.
import type { Logger } from '../common/log.js';
import type { ApplicationController } from '../controller/app-controller.js';
import { APPLICATION_RESOURCE } from '../controller/context.js';
import type { KubeClient } from '../kube/client.js';
import type { Application, AppProject } from '../model/index.js';
import { API_GROUP } from '../model/index.js';
import { parseNotificationConfig } from '../notify/config.js';
import { Notifier } from '../notify/notifier.js';
import type { SettingsSource } from '../settings/settings-source.js';

export function startNotifier(
  controller: ApplicationController,
  client: KubeClient,
  settings: SettingsSource,
  log: Logger,
): Notifier {
  const { ctx } = controller;
  const namespace = ctx.config.namespace;
  // Parsed once per change of argocd-notifications-cm or -secret (a missing object reads as no data).
  const config = settings.derive(['notificationsCm', 'notificationsSecret'], (s) =>
    parseNotificationConfig(s.notificationsCm.data, s.notificationsSecret.data),
  );
  const notifier = new Notifier({
    log: log.child({ component: 'notifications' }),
    fieldManager: ctx.config.fieldManager,
    timers: ctx.timers,
    ports: {
      // With sharded controller replicas, each notifies about the apps it owns: one notification each.
      apps: () => ctx.apps.list().filter((a) => controller.owns(a)),
      app: (name) => {
        const app = ctx.apps.get(name);
        return app && controller.owns(app) ? app : undefined;
      },
      onAppChange: (cb) =>
        ctx.cache.on((type, obj) => {
          if (
            type !== 'deleted' &&
            obj.kind === 'Application' &&
            obj.apiVersion.startsWith(`${API_GROUP}/`) &&
            controller.owns(obj as Application)
          )
            cb(obj as Application);
        }),
      project: (name) =>
        ctx.cache.get({ group: API_GROUP, kind: 'AppProject', namespace, name }) as AppProject | undefined,
      config,
      patchAnnotations: async (app, annotations) => {
        const written = await client.patch<Application>(
          APPLICATION_RESOURCE,
          app.metadata.name,
          { metadata: { annotations } },
          { type: 'merge', namespace },
        );
        ctx.apps.remember(written);
        return written;
      },
      liveObject: async (ref) => {
        const res = await ctx.discovery.find(ref.group, ref.kind, ref.version);
        if (!res) return undefined;
        return client
          .get(res, ref.name, res.namespaced ? { namespace: ref.namespace } : {})
          .catch(() => undefined);
      },
      event: (app, type, reason, message) => ctx.events.record(app, type, reason, message),
    },
  });
  notifier.start();
  return notifier;
}
