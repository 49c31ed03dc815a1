// YAML builders for the small manifests e2e tests commit to their Git repositories.

/** An `annotations:` block at metadata level (empty string when there are none). */
export function annotationsYaml(a: Record<string, string>): string {
  const entries = Object.entries(a);
  if (entries.length === 0) return '';
  return `  annotations:\n${entries.map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`).join('')}`;
}

export function configMap(
  name: string,
  value: string,
  annotations: Record<string, string> = {},
  extra = '',
): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${annotationsYaml(annotations)}data:\n  value: "${value}"\n${extra}`;
}

/** A one-container Job; `fail` makes kwok fail its pod (our driftless-pod-fail stage). */
export function job(
  name: string,
  annotations: Record<string, string>,
  opts: { fail?: boolean; command?: string } = {},
): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
${annotationsYaml(annotations)}spec:
  backoffLimit: 0
  template:
    metadata:
      annotations:
        driftless.dev/kwok-outcome: ${opts.fail ? 'fail' : 'succeed'}
    spec:
      restartPolicy: Never
      containers:
      - name: task
        image: busybox:1.36
        command: ${opts.command ?? '["true"]'}
`;
}

/**
 * A one-replica Deployment of one container (`web`, nginx:1.27 unless `container` says otherwise);
 * `podSpecExtra` is indented YAML added to the pod spec, `container.extra` to the container.
 */
export function deployment(
  name: string,
  annotations: Record<string, string> = {},
  podSpecExtra = '',
  container: { name?: string; image?: string; extra?: string } = {},
): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${annotationsYaml(annotations)}spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${podSpecExtra}      containers:
      - name: ${container.name ?? 'web'}
        image: ${container.image ?? 'nginx:1.27'}
${container.extra ?? ''}`;
}

export function service(name: string, annotations: Record<string, string> = {}): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${annotationsYaml(annotations)}spec:
  selector: {app: ${name}}
  ports: [{port: 80}]
`;
}

export const hook = (phase: string) => ({ 'argocd.argoproj.io/hook': phase });
export const wave = (n: number) => ({ 'argocd.argoproj.io/sync-wave': String(n) });
