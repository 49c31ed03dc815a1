// Wires the notifications controller to the product: Applications and settings from the controller's
// watch cache, annotation writes and Events through the Kubernetes client, live objects for drift.
import type { Logger } from '../common/log.js';
import type { ApplicationController } from '../controller/app-controller.js';
import { APPLICATION_RESOURCE } from '../controller/context.js';
import type { KubeClient } from '../kube/client.js';
import type { Application, AppProject, KubeObject } from '../model/index.js';
import { API_GROUP } from '../model/index.js';
import { NOTIFICATIONS_CM, NOTIFICATIONS_SECRET } from '../notify/config.js';
import { Notifier } from '../notify/notifier.js';

const decode = (data: Record<string, string> | undefined): Record<string, string> | undefined =>
  data &&
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));

export function startNotifier(controller: ApplicationController, client: KubeClient, log: Logger): Notifier {
  const { ctx } = controller;
  const namespace = ctx.config.namespace;
  const cached = (kind: string, name: string): (KubeObject & { data?: Record<string, string> }) | undefined =>
    ctx.cache.get({ group: '', kind, namespace, name });
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
      settings: () => ({
        cm: cached('ConfigMap', NOTIFICATIONS_CM)?.data,
        secret: decode(cached('Secret', NOTIFICATIONS_SECRET)?.data),
      }),
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
