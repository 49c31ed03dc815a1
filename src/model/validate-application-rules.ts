// Rules across an Application's fields that a type schema cannot say, each giving a message a user can act on.
import { isPlainObject } from './kube-object.js';

/** A Go duration (5s, 1m30s) or, as Argo CD also reads backoff durations, a bare number of seconds. */
const DURATION = /^(\d+|(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/;
const RENDERERS = ['helm', 'kustomize', 'directory', 'plugin'] as const;

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

function checkDestination(dest: unknown, out: string[]): void {
  if (!isPlainObject(dest)) return;
  const server = nonEmptyString(dest['server']);
  const name = nonEmptyString(dest['name']);
  if (server === name) out.push('spec.destination: set either server or name (not both)');
}

/** A source path stays inside its repository: relative, and no `..` step out of it. */
function checkSourcePath(path: unknown, at: string, out: string[]): void {
  if (typeof path !== 'string') return;
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) {
    out.push(`${at}.path: ${JSON.stringify(path)} is absolute; give a path relative to the repository root`);
  } else if (path.split(/[\\/]/).includes('..')) {
    out.push(`${at}.path: ${JSON.stringify(path)} contains ".."; a path must stay inside its repository`);
  }
}

function checkSource(src: unknown, at: string, out: string[]): void {
  if (!isPlainObject(src)) return;
  checkSourcePath(src['path'], at, out);
  const renderers = RENDERERS.filter((r) => present(src[r]));
  if (renderers.length > 1) {
    out.push(`${at}: set at most one of helm, kustomize, directory, plugin (found ${renderers.join(', ')})`);
  }
}

function checkSources(spec: Record<string, unknown>, out: string[]): void {
  const source = spec['source'];
  const sources = spec['sources'];
  const hasSources = Array.isArray(sources) && sources.length > 0;
  if (present(source) === hasSources) {
    out.push('spec.source and spec.sources: set exactly one');
  }
  if (present(source)) checkSource(source, 'spec.source', out);
  if (!Array.isArray(sources)) return;
  sources.forEach((s, i) => checkSource(s, `spec.sources[${i}]`, out));
  const refs = sources.map((s) => (isPlainObject(s) ? s['ref'] : undefined)).filter((r) => r !== undefined);
  for (const r of refs)
    if (typeof r !== 'string' || !/^[A-Za-z0-9_-]+$/.test(r))
      out.push(
        `spec.sources: ref ${JSON.stringify(r)} must be letters, digits, - or _ (used as $${String(r)}/path)`,
      );
  if (new Set(refs).size !== refs.length) out.push('spec.sources: two sources have the same ref');
}

function checkDuration(v: unknown, at: string, out: string[]): void {
  if (typeof v === 'string' && !DURATION.test(v)) {
    out.push(`${at}: ${JSON.stringify(v)} is not a duration (use e.g. 5s, 2m)`);
  }
}

function checkSyncPolicy(policy: unknown, out: string[]): void {
  if (!isPlainObject(policy)) return;
  const options = policy['syncOptions'];
  if (Array.isArray(options)) {
    options.forEach((o, i) => {
      if (typeof o === 'string' && !/^[^=\s]+=\S*$/.test(o.trim())) {
        out.push(
          `spec.syncPolicy.syncOptions[${i}]: ${JSON.stringify(o)} is not Key=Value (e.g. CreateNamespace=true)`,
        );
      }
    });
  }
  const backoff = isPlainObject(policy['retry']) ? policy['retry']['backoff'] : undefined;
  if (!isPlainObject(backoff)) return;
  checkDuration(backoff['duration'], 'spec.syncPolicy.retry.backoff.duration', out);
  checkDuration(backoff['maxDuration'], 'spec.syncPolicy.retry.backoff.maxDuration', out);
  const factor = backoff['factor'];
  if (typeof factor === 'number' && factor < 1) {
    out.push(
      `spec.syncPolicy.retry.backoff.factor: ${factor} would not grow the delay; use 1 or more (default 2)`,
    );
  }
}

/** Messages for every cross-field rule `spec` breaks; it reads the raw input so it runs beside type errors. */
export function specRuleErrors(spec: unknown): string[] {
  const out: string[] = [];
  if (!isPlainObject(spec)) return out;
  checkDestination(spec['destination'], out);
  checkSources(spec, out);
  checkSyncPolicy(spec['syncPolicy'], out);
  return out;
}
