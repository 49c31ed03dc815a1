local lib = import 'labels.libsonnet';

function(name, replicas=1) [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: name, labels: lib.labels(name) },
    spec: {
      replicas: replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: name, image: 'example.org/%s:%s' % [name, std.extVar('tag')] }] },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: name + '-env' },
    data: { env: std.extVar('env') },
  },
]
