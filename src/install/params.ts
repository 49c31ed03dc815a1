// What an install can vary (image, replicas, namespace), and the two ways to fill it in:
// literal defaults (install.yaml, the Kustomize base) or Helm template expressions (the chart).

/** A value of an install: literal, or a token the Helm renderer turns into a template expression. */
export interface InstallParams {
  image: string;
  imagePullPolicy: string;
  /** Namespace named where Kubernetes needs one written out (ClusterRoleBinding subjects). */
  namespace: string;
  serverReplicas: number;
  controllerReplicas: number;
  repoServerReplicas: number;
  logLevel: string;
}

export const DEFAULT_NAMESPACE = 'argocd';

export function defaultParams(version: string): InstallParams {
  return {
    image: `ghcr.io/driftless/driftless:v${version}`,
    imagePullPolicy: 'IfNotPresent',
    namespace: DEFAULT_NAMESPACE,
    serverReplicas: 2,
    controllerReplicas: 1,
    repoServerReplicas: 2,
    logLevel: 'info',
  };
}

// Helm expressions stand in as tokens while objects are built: `@@expr@@` in strings, and for numbers
// an out-of-range value that no real field holds. toHelmTemplate() turns both into `{{ … }}`.
const NUMBER_TOKENS: ReadonlyMap<number, string> = new Map([
  [-1_000_001, '.Values.server.replicas'],
  [-1_000_002, '.Values.controller.replicas'],
  [-1_000_003, '.Values.repoServer.replicas'],
]);
const numberToken = (expr: string): number =>
  [...NUMBER_TOKENS].find(([, e]) => e === expr)?.[0] ?? Number.NaN;

/** Params whose every value is a Helm expression (token), with the defaults written to values.yaml. */
export function helmParams(): InstallParams {
  return {
    image: '@@.Values.image.repository@@:@@.Values.image.tag@@',
    imagePullPolicy: '@@.Values.image.pullPolicy@@',
    namespace: '@@.Release.Namespace@@',
    serverReplicas: numberToken('.Values.server.replicas'),
    controllerReplicas: numberToken('.Values.controller.replicas'),
    repoServerReplicas: numberToken('.Values.repoServer.replicas'),
    logLevel: '@@.Values.logLevel@@',
  };
}

/** values.yaml of the chart: the same defaults install.yaml is rendered with. */
export function helmValues(version: string): Record<string, unknown> {
  const d = defaultParams(version);
  const [repository, tag] = d.image.split(/:(?=[^:]+$)/);
  return {
    image: { repository, tag, pullPolicy: d.imagePullPolicy },
    logLevel: d.logLevel,
    server: { replicas: d.serverReplicas },
    controller: { replicas: d.controllerReplicas },
    repoServer: { replicas: d.repoServerReplicas },
  };
}

/** Rewrites the tokens in YAML whose strings are all double-quoted into Helm template expressions. */
export function toHelmTemplate(yamlText: string): string {
  let out = yamlText;
  for (const [n, expr] of NUMBER_TOKENS) out = out.replaceAll(String(n), `{{ ${expr} }}`);
  return out.replace(/"([^"\n]*@@[^"\n]*)"/g, (_m, inner: string) => {
    const whole = /^@@([A-Za-z.]+)@@$/.exec(inner);
    if (whole) return `{{ ${whole[1]} | quote }}`;
    return `"${inner.replace(/@@([A-Za-z.]+)@@/g, (_t, e: string) => `{{ ${e} }}`)}"`;
  });
}
